using Backprop.Serialization;
using Backprop.Serialization.Hdf5;

namespace Backprop;

public partial class Model
{
    /// <summary>
    /// Saves the model as a Keras 3 <c>.keras</c> file (a zip of metadata.json, config.json and model.weights.h5):
    /// the architecture, the weights, the compile state and, with <paramref name="includeOptimizer"/>, the optimizer's
    /// iteration count and slots so that training resumes exactly. The write is atomic: a failure part-way leaves
    /// any previous file at <paramref name="path"/> as it was.
    /// <code>model.Save("mnist.keras");  var again = Model.Load("mnist.keras");</code>
    /// </summary>
    /// <exception cref="InvalidOperationException">The model is not built yet, or two layers share a name.</exception>
    /// <exception cref="NotSupportedException">The model is not a <see cref="Sequential"/>.</exception>
    /// <exception cref="ArgumentException">The path does not end in .keras: Keras writes its legacy HDF5 format for .h5
    /// and .hdf5, which Backprop does not write, and refuses other extensions.</exception>
    public void Save(string path, bool includeOptimizer = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.EndsWith(".h5", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".hdf5", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"Cannot save '{path}': .h5 and .hdf5 name Keras's legacy whole-model format, which Backprop does not write. Save to a .keras file (Keras 3's format), or save only the weights with SaveWeights(\"….weights.h5\").", nameof(path));
        if (!path.EndsWith(".keras", StringComparison.Ordinal))
            throw new ArgumentException($"Cannot save '{path}': the path must end in .keras (Keras 3's model format), as Keras requires.", nameof(path));
        KerasArchive.Save(this, path, includeOptimizer);
    }

    /// <summary>Loads a model saved by <see cref="Save"/> (or a Keras 3 <c>.keras</c> file within what Backprop supports), compiled as it was saved when <paramref name="compile"/>.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="ModelFormatException">The file is not a zip, is truncated or corrupt, names an unknown layer, or holds weights that do not fit its config.</exception>
    /// <param name="path">The .keras file.</param>
    /// <param name="compile">Restore the compile state (optimizer, losses, metrics) as saved.</param>
    /// <param name="customObjects">Classes of your own for this load only, by registered name ("package&gt;Name") or class
    /// name, as Keras's <c>custom_objects</c>; classes registered with <see cref="CustomObjects.Register{T}"/> need not be given.</param>
    public static Model Load(string path, bool compile = true, IReadOnlyDictionary<string, Type>? customObjects = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using (CustomObjects.Use(customObjects)) return KerasArchive.Load(path, compile);
    }

    /// <summary>Saves only the weights, as Keras's <c>save_weights</c> (<c>.weights.h5</c>, Keras's group layout), atomically.</summary>
    /// <exception cref="InvalidOperationException">The model is not built yet.</exception>
    /// <exception cref="ArgumentException">The path does not end in .weights.h5 (Keras's save_weights requires it).</exception>
    public void SaveWeights(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!path.EndsWith(".weights.h5", StringComparison.Ordinal))
            throw new ArgumentException($"Cannot save weights to '{path}': the file name must end in .weights.h5, as Keras requires.", nameof(path));
        byte[] bytes = Hdf5Writer.Write(WeightsFile.FromModel(this, includeOptimizer: false));
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>Loads weights saved by <see cref="SaveWeights"/> into this model, matched by layer name; nothing changes unless every weight fits.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="ModelFormatException">The file is not a weights file we can read, or a layer's weights are missing or of another shape.</exception>
    /// <exception cref="InvalidOperationException">The model is not built yet.</exception>
    public void LoadWeights(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"No weights file at '{path}'.", path);
        if (!Built) throw new InvalidOperationException($"Model '{Name}' has no weights yet: give it an Input or call it on data before loading weights.");
        Hdf5Group root;
        try { root = Hdf5Reader.Read(File.ReadAllBytes(path)); }
        catch (InvalidDataException e) { throw new ModelFormatException(path, e.Message, e); }
        WeightsFile.LoadLayers(this, root, path);
    }
}
