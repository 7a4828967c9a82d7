using System.Globalization;
using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Serialization.Hdf5;

namespace Backprop.Serialization;

/// <summary>
/// A model's weights as Keras 3 lays them out in <c>model.weights.h5</c>: <c>layers/&lt;key&gt;/vars/&lt;i&gt;</c> in each
/// layer's weight order (Dense: 0 = kernel, 1 = bias), where the key is the layer's class in snake_case numbered by
/// position (dense, dense_1, dropout, …) — not the layer's name, which Keras avoids because automatic names differ
/// from one session to the next — an empty <c>vars</c> group for the model itself,
/// and, with the optimizer, <c>optimizer/vars/0</c> = iterations (int64), <c>1</c> = the learning rate (absent
/// with a schedule), then each trainable variable's slots in the optimizer's slot order.
/// </summary>
internal static class WeightsFile
{
    public static Hdf5Group FromModel(Model model, bool includeOptimizer)
    {
        if (!model.Built) throw new InvalidOperationException($"Model '{model.Name}' has no weights yet: give it an Input or call it on data before saving.");
        var root = new Hdf5Group();
        foreach (var (layer, key) in Entries(model, ""))
        {
            Hdf5Group vars = root.Subgroup($"{key}/vars");
            IReadOnlyList<Tensor> weights = layer.Weights;
            for (int i = 0; i < layer.OwnWeightCount; i++) vars.Add(Key(i), new Hdf5Dataset(weights[i].Shape, weights[i].ToArray()));
        }
        // The model's own weights (a subclassed model's AddWeight) are its root vars, as Keras's save_own_variables.
        Hdf5Group own = root.Subgroup("vars");
        IReadOnlyList<Tensor> ownWeights = model.Weights;
        for (int i = 0; i < model.OwnWeightCount; i++) own.Add(Key(i), new Hdf5Dataset(ownWeights[i].Shape, ownWeights[i].ToArray()));
        if (includeOptimizer && model.Optimizer is { } optimizer)
        {
            Hdf5Group vars = root.Subgroup("optimizer/vars");
            int next = 0;
            vars.Add(Key(next++), new Hdf5Dataset([], [optimizer.Iterations]));
            if (optimizer.Schedule is null) vars.Add(Key(next++), new Hdf5Dataset([], [optimizer.LearningRate]));
            IReadOnlyList<Tensor> variables = model.TrainableWeights;
            IReadOnlyList<float[]> slots = optimizer.ExportSlots(variables);
            int perVariable = variables.Count == 0 ? 0 : slots.Count / variables.Count;
            for (int i = 0; i < slots.Count; i++) vars.Add(Key(next++), new Hdf5Dataset(variables[i / perVariable].Shape, (float[])slots[i].Clone()));
        }
        return root;
    }

    /// <summary>Copies the file's weights into the model's layers, checking every name, count and shape first so a bad file changes nothing.</summary>
    public static void LoadLayers(Model model, Hdf5Group root, string path)
    {
        var assignments = new List<(Layer Layer, int Index, Tensor Value)>();
        foreach (var (layer, key) in Entries(model, "").Prepend((model, "")))
        {
            int count = layer.OwnWeightCount;
            IReadOnlyList<Tensor> weights = layer.Weights;
            Hdf5Group? vars = Find(root, key)?["vars"] as Hdf5Group;
            if (vars is null)
            {
                if (count == 0) continue;
                string parent = key.Contains('/') ? key[..key.LastIndexOf('/')] : "";
                string present = Find(root, parent) is { } layers ? string.Join(", ", layers.Children.Select(c => c.Key)) : "none";
                throw new ModelFormatException(path, $"no weights for layer '{layer.Name}' at {key} (layers in the file: {present}).");
            }
            if (vars.Children.Count != count)
                throw new ModelFormatException(path, $"layer '{layer.Name}' has {count} weights, the file has {vars.Children.Count} at {key}.");
            for (int i = 0; i < count; i++)
            {
                Hdf5Dataset data = FloatDataset(vars, i, path, $"layer '{layer.Name}' weight {i} ({layer.WeightNames[i]})");
                if (!ShapeMath.Equal(data.Shape, weights[i].Shape))
                    throw new ModelFormatException(path, $"layer '{layer.Name}' weight {i} ({layer.WeightNames[i]}) has shape {ShapeMath.Format(data.Shape)} in the file ({key}/vars/{i}), the model expects {ShapeMath.Format(weights[i].ShapeRef)}.");
                assignments.Add((layer, i, Tensor.FromArray(data.Floats!, data.Shape)));
            }
        }
        foreach (var (layer, index, value) in assignments) layer.SetWeight(index, value);
    }

    /// <summary>Restores the optimizer's iteration count, learning rate and slots, if the file has them.</summary>
    public static void LoadOptimizer(Model model, Hdf5Group root, string path)
    {
        if (model.Optimizer is not { } optimizer || (root["optimizer"] as Hdf5Group)?["vars"] is not Hdf5Group vars || vars.Children.Count == 0) return;
        if (FindDataset(vars, 0) is not { Longs: [long iterations], Shape: [] })
            throw new ModelFormatException(path, "optimizer/vars/0 must hold the iteration count as an int64 scalar.");
        int next = 1;
        float? learningRate = null;
        if (optimizer.Schedule is null) learningRate = FloatDataset(vars, next++, path, "the learning rate").Floats![0];
        var slots = new List<float[]>();
        for (; next < vars.Children.Count; next++) slots.Add(FloatDataset(vars, next, path, $"optimizer slot {slots.Count}").Floats!);
        try { optimizer.RestoreState(iterations, learningRate, model.TrainableWeights, slots); }
        catch (ArgumentException e) { throw new ModelFormatException(path, "the optimizer state does not fit the model: " + e.Message, e); }
    }

    /// <summary>Every layer with the path of its group: layers/&lt;key&gt; for the model's layers, and inside a nested model
    /// its own layers under its path (layers/functional/layers/dense), as Keras's saving_lib walks a model's layers.</summary>
    private static IEnumerable<(Layer Layer, string Path)> Entries(Layer owner, string prefix, HashSet<Layer>? visited = null)
    {
        // Keras's _save_state saves a layer reached twice (shared by a nested model) at its first path only.
        visited ??= new HashSet<Layer>(ReferenceEqualityComparer.Instance) { owner };
        foreach (var (layer, key) in Keys(owner is Model model ? model.Layers : owner.InnerLayers))
        {
            if (!visited.Add(layer)) continue;
            string path = $"{prefix}layers/{key}";
            yield return (layer, path);
            // A nested model's layers, and the layers a layer of your own holds, under its path.
            foreach (var entry in Entries(layer, path + "/", visited)) yield return entry;
        }
    }

    private static Hdf5Group? Find(Hdf5Group root, string path)
    {
        Hdf5Group? group = root;
        if (path.Length == 0) return group;
        foreach (string part in path.Split('/')) group = group?[part] as Hdf5Group;
        return group;
    }

    /// <summary>Keras's keys for the layers: snake_case class name, then _1, _2, … for later layers of the same class.</summary>
    private static IEnumerable<(Layer Layer, string Key)> Keys(IReadOnlyList<Layer> layers)
    {
        var used = new Dictionary<string, int>();
        foreach (Layer layer in layers)
        {
            string name = NameRegistry.SnakeCase(KerasObjects.ClassName(layer.GetType()));
            used[name] = used.TryGetValue(name, out int seen) ? seen + 1 : 0;
            yield return (layer, used[name] == 0 ? name : $"{name}_{used[name]}");
        }
    }

    private static Hdf5Dataset? FindDataset(Hdf5Group group, int index) => group[Key(index)] as Hdf5Dataset;

    private static Hdf5Dataset FloatDataset(Hdf5Group group, int index, string path, string what) =>
        FindDataset(group, index) is { Floats: not null } d ? d : throw new ModelFormatException(path, $"{what} is missing or not float32 (dataset '{Key(index)}').");

    private static string Key(int index) => index.ToString(CultureInfo.InvariantCulture);
}
