using Backprop.Callbacks;
using Backprop.Datasets;

namespace Backprop;

// Fit, Evaluate and Predict over a BatchDataset: Keras's PyDataset forms.
public partial class Model
{
    /// <summary>
    /// Trains on a <see cref="BatchDataset"/> (Keras's <c>fit(PyDataset)</c>): each epoch calls the dataset's
    /// <c>OnEpochBegin</c>, takes its batches in order — shuffled as whole batches when <paramref name="shuffle"/> is set,
    /// as Keras does — and calls <c>OnEpochEnd</c>. Use it for data kept compact and converted a batch at a time
    /// (<see cref="ImageBatches"/> for byte images) or read from disk. Everything else is as the array form.
    /// </summary>
    /// <param name="data">The training batches (each with targets, and optionally sample weights).</param>
    /// <param name="epochs">Index of the epoch to stop before (Keras: the last epoch is epochs − 1).</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line per epoch.</param>
    /// <param name="callbacks">Called at each hook, as in the array form.</param>
    /// <param name="validationData">Batches to evaluate after each epoch (every <paramref name="validationFreq"/>), or null.</param>
    /// <param name="shuffle">Shuffle the order of the batches each epoch (seeded); the samples inside a batch are the dataset's.</param>
    /// <param name="classWeight">Multiplies each sample's weight by its class's weight (class from the one-hot target or index).</param>
    /// <param name="initialEpoch">Epoch to start at (to resume training).</param>
    /// <param name="output">Where progress goes (default: the console).</param>
    /// <param name="stepsPerEpoch">At most this many batches per epoch (default: all of them).</param>
    /// <param name="validationFreq">Validate after every this many epochs.</param>
    /// <exception cref="InvalidOperationException">The model was not compiled.</exception>
    /// <exception cref="ArgumentException">Bad arguments, or a batch that is malformed or not finite (the message names the batch).</exception>
    public History Fit(BatchDataset data, int epochs = 1, int verbose = 1, IEnumerable<Callback>? callbacks = null,
        BatchDataset? validationData = null, bool shuffle = true, IReadOnlyDictionary<int, float>? classWeight = null, int initialEpoch = 0,
        TextWriter? output = null, int? stepsPerEpoch = null, int validationFreq = 1)
    {
        RequireCompiled(nameof(Fit));
        using var state = EnterState(nameof(Fit), training: true);
        ArgumentNullException.ThrowIfNull(data);
        CheckFitArguments(epochs, verbose, stepsPerEpoch, validationFreq, initialEpoch);
        CheckClassWeights(classWeight);
        CheckHasBatches(data, nameof(data));
        if (validationData is not null) CheckHasBatches(validationData, nameof(validationData));
        Func<Dictionary<string, float>>? validate = validationData is null ? null : () => Trainer.Evaluate(validationData);
        return Trainer.Fit(data, shuffle, classWeight, modelChecked: false, epochs, verbose, callbacks, validate, validationFreq, initialEpoch, output, stepsPerEpoch);
    }

    /// <summary>
    /// The loss and metrics over every batch of a <see cref="BatchDataset"/> (Keras's <c>evaluate(PyDataset)</c>), in
    /// the dataset's order, between its <c>OnEpochBegin</c> and <c>OnEpochEnd</c>.
    /// </summary>
    /// <returns>"loss" and each metric's name mapped to its value.</returns>
    /// <exception cref="ArgumentException">The dataset has no batches, or a batch is malformed or not finite.</exception>
    public Logs Evaluate(BatchDataset data, int verbose = 0, TextWriter? output = null)
    {
        RequireCompiled(nameof(Evaluate));
        using var state = EnterState(nameof(Evaluate), training: false);
        ArgumentNullException.ThrowIfNull(data);
        CheckHasBatches(data, nameof(data));
        Dictionary<string, float> logs = Trainer.Evaluate(data);
        if (verbose > 0) new ProgressBar(data.Count, verbose, output ?? Console.Out, false, () => 0).Update(data.Count, logs, finalize: true);
        return new Logs(logs);
    }

    /// <summary>
    /// The model's outputs for every batch of a <see cref="BatchDataset"/> (Keras's <c>predict(PyDataset)</c>), in the
    /// dataset's order, stacked along the batch axis; the batches' targets, if any, are not used.
    /// </summary>
    /// <exception cref="ArgumentException">The dataset has no batches, or a batch's inputs are not finite.</exception>
    public Tensor Predict(BatchDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckHasBatches(data, nameof(data));
        return Trainer.Predict(data);
    }

    private static void CheckHasBatches(BatchDataset data, string name)
    {
        if (data.Count <= 0) throw new ArgumentException($"The dataset must have at least one batch; its Count is {data.Count}.", name);
    }

    /// <summary>A batch from a user's dataset gets the checks Fit gives arrays, naming the batch.</summary>
    internal static void CheckBatch(Batch batch, int index)
    {
        string name = $"batch {index}";
        if (batch.X is null) throw new ArgumentException($"The dataset's {name} has no X.");
        if (batch.Y is null) throw new ArgumentException($"The dataset's {name} has no Y: training and evaluation need targets (return (x, y) from GetBatch).");
        TrainingData.CheckPair(batch.X, batch.Y, $"{name} X", $"{name} Y");
        if (batch.SampleWeight is { } w && (w.Rank != 1 || w.Dim(0) != batch.X.Dim(0)))
            throw new ArgumentException($"The dataset's {name} SampleWeight must have shape [{batch.X.Dim(0)}] (one weight per sample), got {ShapeMath.Format(w.ShapeRef)}.");
        if (batch.SampleWeight is { } sw) TrainingData.CheckFinite(sw, $"{name} SampleWeight");
    }
}
