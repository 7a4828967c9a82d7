using System.Globalization;
using Backprop.Callbacks;
using Backprop.Datasets;

namespace Backprop;

// Fit, Evaluate and Predict for models with several inputs or outputs: one tensor per input and per output, as lists
// in the model's order or dictionaries keyed by input and output name (Keras's list and dict forms).
public partial class Model
{
    /// <summary>
    /// Trains a model with several inputs or outputs: <paramref name="x"/> holds one tensor per input and
    /// <paramref name="y"/> one per output, in the order of <see cref="Inputs"/> and <see cref="Outputs"/>, all with the
    /// same number of samples. Batching, shuffling, validation and callbacks are as in the one-tensor form.
    /// <code>model.Fit([images, side], [labels, scores], epochs: 5, batchSize: 128);</code>
    /// </summary>
    /// <exception cref="InvalidOperationException">The model was not compiled.</exception>
    /// <exception cref="ArgumentException">A count differs from the model's inputs or outputs, or the tensors disagree on the number of samples.</exception>
    public History Fit(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, int batchSize = 32, int epochs = 1, int verbose = 1, IEnumerable<Callback>? callbacks = null,
        double validationSplit = 0.0, (IReadOnlyList<Tensor> X, IReadOnlyList<Tensor> Y)? validationData = null, bool shuffle = true,
        Tensor? sampleWeight = null, int initialEpoch = 0, TextWriter? output = null)
    {
        RequireCompiled(nameof(Fit));
        using var state = EnterState(nameof(Fit), training: true);
        TrainingData.CheckBatchSize(batchSize);
        CheckFitArguments(epochs, verbose, stepsPerEpoch: null, validationFreq: 1, initialEpoch);
        if (!(validationSplit >= 0 && validationSplit < 1))
            throw new ArgumentOutOfRangeException(nameof(validationSplit), $"validationSplit must be in [0, 1), got {validationSplit}.");
        var (xs, ys) = CheckStructured(x, y);
        TrainingData.CheckSampleWeights(sampleWeight, xs[0].Dim(0));
        (Tensor[] X, Tensor[] Y, Tensor? W)? validation = validationData is { } v ? (CheckStructured(v.X, v.Y, "validationData.X", "validationData.Y") is var (vx, vy) ? (vx, vy, null) : default) : null;
        if (validationSplit > 0 && validationData is null)
        {
            // As the one-tensor form: the last samples, taken before shuffling, split at floor(n · (1 − split)).
            double split = Model.SplitFraction(validationSplit);
            int n = xs[0].Dim(0), splitAt = (int)Math.Floor(n * (1.0 - split));
            if (splitAt == 0 || splitAt == n)
                throw new ArgumentException($"Training data contains {n} samples, which is not enough to split into a training and a validation set with validationSplit={validationSplit}.");
            validation = (Rows(xs, splitAt, n - splitAt), Rows(ys, splitAt, n - splitAt), sampleWeight?.Rows(splitAt, n - splitAt));
            (xs, ys, sampleWeight) = (Rows(xs, 0, splitAt), Rows(ys, 0, splitAt), sampleWeight?.Rows(0, splitAt));
        }
        CheckAgainstModelAll(xs, ys);
        var train = new StructuredBatches(xs, ys, sampleWeight, batchSize, shuffle);
        Func<Dictionary<string, float>>? validate = validation is { } val ? () => Trainer.EvaluateAll(val.X, val.Y, batchSize, val.W) : null;
        return Trainer.Fit(train, shuffleBatches: false, classWeight: null, modelChecked: true, epochs, verbose, callbacks, validate, validationFreq: 1, initialEpoch, output, stepsPerEpoch: null);
    }

    /// <summary>The dictionary form of Fit: tensors keyed by input name (the <see cref="Layers.Input"/> layers' names) and by output name (<see cref="OutputNames"/>).</summary>
    /// <exception cref="ArgumentException">A key is unknown or a name has no tensor (the message lists the names).</exception>
    public History Fit(IReadOnlyDictionary<string, Tensor> x, IReadOnlyDictionary<string, Tensor> y, int batchSize = 32, int epochs = 1, int verbose = 1,
        IEnumerable<Callback>? callbacks = null, double validationSplit = 0.0, bool shuffle = true, Tensor? sampleWeight = null, int initialEpoch = 0, TextWriter? output = null) =>
        Fit(ByInputName(x), ByOutputName(y), batchSize, epochs, verbose, callbacks, validationSplit, null, shuffle, sampleWeight, initialEpoch, output);

    /// <summary>The loss and metrics of a model with several inputs or outputs on (x, y), in batches, without training.</summary>
    /// <returns>"loss" (the weighted total), "&lt;output&gt;_loss" per output and each metric, by Keras 3's names.</returns>
    public Logs Evaluate(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, int batchSize = 32, Tensor? sampleWeight = null)
    {
        RequireCompiled(nameof(Evaluate));
        using var state = EnterState(nameof(Evaluate), training: false);
        TrainingData.CheckBatchSize(batchSize);
        var (xs, ys) = CheckStructured(x, y);
        TrainingData.CheckSampleWeights(sampleWeight, xs[0].Dim(0));
        CheckAgainstModelAll(xs, ys);
        return new Logs(Trainer.EvaluateAll(xs, ys, batchSize, sampleWeight));
    }

    /// <summary>The dictionary form of Evaluate.</summary>
    public Logs Evaluate(IReadOnlyDictionary<string, Tensor> x, IReadOnlyDictionary<string, Tensor> y, int batchSize = 32, Tensor? sampleWeight = null) =>
        Evaluate(ByInputName(x), ByOutputName(y), batchSize, sampleWeight);

    /// <summary>The outputs of a model with several inputs or outputs for every sample, computed in batches: one tensor per output, in the order of <see cref="Outputs"/>.</summary>
    /// <remarks>As the one-input <see cref="Predict(Tensor, int, int, TextWriter?)"/>: forward passes of up to 256 rows
    /// (<see cref="ForwardRows"/>; each output row depends on its own input rows alone, so the values are those of
    /// <paramref name="batchSize"/>-row passes) whose intermediate tensors live in the calling thread's inference arena, each
    /// pass's outputs copied straight into the results.</remarks>
    public IReadOnlyList<Tensor> Predict(IReadOnlyList<Tensor> x, int batchSize = 32)
    {
        TrainingData.CheckBatchSize(batchSize);
        Tensor[] xs = CheckInputs(x, "x");
        int n = xs[0].Dim(0);
        if (n == 0) throw new ArgumentException("Predict needs at least one sample, got none.", nameof(x));
        int rows = ForwardRows(batchSize);
        Tensor[]? results = null;
        using (Autograd.Autograd.NoGrad())
            for (int start = 0; start < n; start += rows)
            {
                int count = Math.Min(rows, n - start);
                using (BeginInferenceStep(count))
                {
                    Tensor[] outputs = CallNode(Rows(xs, start, count), training: false);
                    using (Autograd.TensorArena.Suspend())   // the results outlive every step
                        results ??= Array.ConvertAll(outputs, o => { int[] shape = o.Shape; shape[0] = n; return new Tensor(shape); });
                    for (int o = 0; o < outputs.Length; o++) outputs[o].CopyInto(results[o], start * (outputs[o].Size / count));
                }
            }
        return results!;
    }

    /// <summary>The dictionary form of Predict (inputs keyed by input name).</summary>
    public IReadOnlyList<Tensor> Predict(IReadOnlyDictionary<string, Tensor> x, int batchSize = 32) => Predict(ByInputName(x), batchSize);

    internal static Tensor[] Rows(Tensor[] tensors, int start, int count) => Array.ConvertAll(tensors, t => t.Rows(start, count));

    private Tensor[] ByInputName(IReadOnlyDictionary<string, Tensor> x) => ByName(x, [.. Inputs.Select(i => i.Layer.Name)], "input", nameof(x));

    private Tensor[] ByOutputName(IReadOnlyDictionary<string, Tensor> y) => ByName(y, OutputNames, "output", nameof(y));

    private Tensor[] ByName(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyList<string> names, string kind, string parameter)
    {
        ArgumentNullException.ThrowIfNull(tensors, parameter);
        foreach (string key in tensors.Keys)
            if (!names.Contains(key)) throw new ArgumentException($"'{key}' is not an {kind} of model '{Name}'; its {kind}s are: {string.Join(", ", names)}.", parameter);
        return [.. names.Select(n => tensors.TryGetValue(n, out Tensor? t) ? t : throw new ArgumentException($"No tensor for {kind} '{n}' of model '{Name}'.", parameter))];
    }

    private Tensor[] CheckInputs(IReadOnlyList<Tensor> x, string name)
    {
        ArgumentNullException.ThrowIfNull(x, name);
        int expected = Graph?.Inputs.Length ?? 1;
        if (x.Count != expected) throw new ArgumentException($"Model '{Name}' has {expected} input(s), so {name} needs one tensor each; got {x.Count}.", name);
        Tensor[] xs = [.. x];
        for (int i = 0; i < xs.Length; i++)
        {
            TrainingData.CheckPair(xs[i], null, $"{name}[{i}]");
            if (xs[i].Dim(0) != xs[0].Dim(0))
                throw new ArgumentException($"{name}[{i}] has {xs[i].Dim(0)} samples, {name}[0] has {xs[0].Dim(0)}: every input needs the same number.", name);
        }
        return xs;
    }

    private (Tensor[] X, Tensor[] Y) CheckStructured(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, string xName = "x", string yName = "y")
    {
        Tensor[] xs = CheckInputs(x, xName);
        ArgumentNullException.ThrowIfNull(y, yName);
        if (y.Count != _losses.Length) throw new ArgumentException($"Model '{Name}' has {_losses.Length} output(s), so {yName} needs one tensor each; got {y.Count}.", yName);
        Tensor[] ys = [.. y];
        for (int i = 0; i < ys.Length; i++) TrainingData.CheckPair(xs[0], ys[i], $"{xName}[0]", $"{yName}[{i}]");
        TrainingData.CheckNotEmpty(xs[0], $"{xName}[0]");
        return (xs, ys);
    }

    /// <summary>As <see cref="CheckAgainstModel(Tensor, Tensor)"/>: the first samples through the model and every loss, so a mismatch fails before training.</summary>
    private void CheckAgainstModelAll(Tensor[] xs, Tensor[] ys)
    {
        int probe = Math.Min(2, xs[0].Dim(0));
        using (Autograd.Autograd.NoGrad())
        {
            Tensor[] predictions = CallNode(Rows(xs, 0, probe), training: false);
            for (int i = 0; i < _losses.Length; i++) _losses[i].Call(ys[i].Rows(0, probe), predictions[i]);
        }
    }

    private void TrainStepAll(Batch batch, IReadOnlyList<Tensor> trainable)
    {
        Tensor[] xs = [.. batch.Inputs!], ys = [.. batch.Targets!];
        using var step = _arena.BeginStep(xs[0].Dim(0));
        foreach (Tensor w in trainable) w.ZeroGrad();
        Tensor[] predictions = CallNode(xs, training: true);
        var perOutput = new float[_losses.Length];
        Tensor loss = WithRegularization(CompiledLoss(ys, predictions, batch.SampleWeight, perOutput));
        if (loss.RequiresGrad) loss.Backward();
        Optimizer!.Apply(trainable);
        TrackOutputs(loss.Item(), perOutput, xs[0].Dim(0), ys, predictions);
    }


}
