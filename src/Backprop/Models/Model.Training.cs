using System.Globalization;
using Backprop.Callbacks;
using Backprop.Datasets;
using Backprop.Layers;
using Backprop.Metrics;

namespace Backprop;

// Fit, Evaluate, Predict and the single-batch forms: Keras's trainer.
public partial class Model
{
    private readonly Mean _lossTracker = new("loss");
    private readonly Autograd.TensorArena _arena = new();

    /// <summary>A split fraction as Keras's Python float: a float argument (0.1f) read by its shortest decimal (0.1), so
    /// that it splits as Keras's 0.1 does; a double (0.1, as Keras code writes it) as given.</summary>
    internal static double SplitFraction(double fraction) => (float)fraction == fraction
        ? double.Parse(((float)fraction).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
        : fraction;

    /// <summary>The step arena the training and evaluation loops recycle tensors through.</summary>
    internal Autograd.TensorArena Arena => _arena;

    /// <summary>
    /// Trains for <paramref name="epochs"/> passes over (x, y) in batches, as Keras's <c>fit</c>: shuffled
    /// each epoch with the seeded generator, the last <paramref name="validationSplit"/> of the samples
    /// (taken before shuffling) held out for validation, callbacks called at each hook, and progress printed
    /// as Keras prints it (verbose 0 silent, 1 progress bar, 2 one line per epoch).
    /// </summary>
    /// <returns>The <see cref="History"/> of every log per epoch.</returns>
    /// <exception cref="InvalidOperationException">The model was not compiled.</exception>
    /// <exception cref="ArgumentException">Bad arguments or data (the message says what was expected and what was given).</exception>
    public History Fit(Tensor x, Tensor y, int batchSize = 32, int epochs = 1, int verbose = 1, IEnumerable<Callback>? callbacks = null,
        double validationSplit = 0.0, (Tensor X, Tensor Y)? validationData = null, bool shuffle = true,
        IReadOnlyDictionary<int, float>? classWeight = null, Tensor? sampleWeight = null, int initialEpoch = 0, TextWriter? output = null,
        int? stepsPerEpoch = null, int validationFreq = 1, int? validationBatchSize = null)
    {
        RequireCompiled(nameof(Fit));
        using var state = EnterState(nameof(Fit), training: true);
        TrainingData.CheckBatchSize(batchSize);
        CheckFitArguments(epochs, verbose, stepsPerEpoch, validationFreq, initialEpoch);
        if (!(validationSplit >= 0 && validationSplit < 1))
            throw new ArgumentOutOfRangeException(nameof(validationSplit), $"validationSplit must be in [0, 1), got {validationSplit}.");
        if (validationBatchSize is { } vbs) TrainingData.CheckBatchSize(vbs);
        TrainingData.CheckPair(x, y);
        TrainingData.CheckSampleWeights(sampleWeight, x.Dim(0));
        // Keras (data_adapters/data_adapter_utils.py): "You cannot use class_weight and sample_weight at the same time."
        if (classWeight is not null && sampleWeight is not null)
            throw new ArgumentException("Give either classWeight or sampleWeight, not both (as in Keras): fold the class weights into sampleWeight.", nameof(classWeight));
        CheckClassWeights(classWeight);

        Tensor xTrain = x, yTrain = y;
        Tensor? swTrain = sampleWeight, swValidation = null;
        (Tensor X, Tensor Y)? validation = validationData;
        // Keras's fit uses validation_data when both are given and ignores the split (trainers/trainer.py).
        if (validationSplit > 0 && validationData is null)
        {
            // Keras: split_at = floor(n · (1 − split)); the float is read as its decimal text (0.1f → 0.1), as Python would hold it.
            double split = Model.SplitFraction(validationSplit);
            int n = x.Dim(0), splitAt = (int)Math.Floor(n * (1.0 - split));
            if (splitAt == 0 || splitAt == n)
                throw new ArgumentException($"Training data contains {n} samples, which is not enough to split into a training and a validation set with validationSplit={validationSplit}.");
            xTrain = x.Rows(0, splitAt);
            yTrain = y.Rows(0, splitAt);
            // Keras splits the sample weights with the arrays (train_validation_split), so val_loss is weighted too.
            swTrain = sampleWeight?.Rows(0, splitAt);
            swValidation = sampleWeight?.Rows(splitAt, n - splitAt);
            validation = (x.Rows(splitAt, n - splitAt), y.Rows(splitAt, n - splitAt));
        }
        if (validation is { } v)
        {
            TrainingData.CheckPair(v.X, v.Y, "validationData.X", "validationData.Y");
            TrainingData.CheckNotEmpty(v.X, "validationData.X");
        }
        Tensor? weights = CombineWeights(yTrain, swTrain, classWeight);
        CheckAgainstModel(xTrain, yTrain);

        var train = new ArrayBatches(xTrain, yTrain, weights, batchSize, shuffle, _batchBuffers);
        Func<Dictionary<string, float>>? validate = validation is { } val ? () => Trainer.Evaluate(val.X, val.Y, validationBatchSize ?? batchSize, swValidation) : null;
        // Keras: stepsPerEpoch with arrays caps the batches drawn per epoch.
        return Trainer.Fit(train, shuffleBatches: false, classWeight: null, modelChecked: true, epochs, verbose, callbacks, validate, validationFreq, initialEpoch, output, stepsPerEpoch);
    }

    private static void CheckFitArguments(int epochs, int verbose, int? stepsPerEpoch, int validationFreq, int initialEpoch)
    {
        if (initialEpoch < 0) throw new ArgumentOutOfRangeException(nameof(initialEpoch), $"initialEpoch must be non-negative, got {initialEpoch}.");
        if (epochs < 0) throw new ArgumentOutOfRangeException(nameof(epochs), $"epochs must be non-negative, got {epochs}.");
        if (verbose is < 0 or > 2) throw new ArgumentOutOfRangeException(nameof(verbose), $"verbose must be 0, 1 or 2, got {verbose}.");
        if (stepsPerEpoch is <= 0) throw new ArgumentOutOfRangeException(nameof(stepsPerEpoch), $"stepsPerEpoch must be positive, got {stepsPerEpoch}.");
        if (validationFreq <= 0) throw new ArgumentOutOfRangeException(nameof(validationFreq), $"validationFreq must be positive, got {validationFreq}.");
    }

    private Trainer? _trainer;

    /// <summary>The training loop over this model (Keras's Trainer): the model holds the graph and the compile state,
    /// the trainer runs the epochs, the batches and the callbacks around <see cref="TrainStep(Batch)"/>.</summary>
    internal Trainer Trainer => _trainer ??= new Trainer(this);

    /// <summary>Runs the (possibly overridden) train step on a batch, with the weights this Fit trains.</summary>
    internal void RunTrainStep(Batch data, IReadOnlyList<Tensor> trainable)
    {
        _stepTrainable = trainable;
        TrainStep(data);
    }

    private readonly BatchBuffers _batchBuffers = new();

    /// <summary>One optimisation step on one batch; returns the logs after it (running means since the last reset).</summary>
    public IReadOnlyDictionary<string, float> TrainOnBatch(Tensor x, Tensor y, Tensor? sampleWeight = null)
    {
        RequireCompiled(nameof(TrainOnBatch));
        using var state = EnterState(nameof(TrainOnBatch), training: true);
        TrainingData.CheckPair(x, y);
        TrainingData.CheckNotEmpty(x);
        TrainingData.CheckSampleWeights(sampleWeight, x.Dim(0));
        if (!Built) CheckAgainstModel(x, y);   // builds the model, so the step trains its weights
        ResetMetrics();
        _stepTrainable = TrainableWeights;
        TrainStep(new Batch(x, y, sampleWeight));
        return CurrentLogs(null);
    }

    /// <summary>The loss and metrics on one batch, without training.</summary>
    public IReadOnlyDictionary<string, float> TestOnBatch(Tensor x, Tensor y, Tensor? sampleWeight = null)
    {
        RequireCompiled(nameof(TestOnBatch));
        using var state = EnterState(nameof(TestOnBatch), training: false);
        TrainingData.CheckPair(x, y);
        TrainingData.CheckNotEmpty(x);
        TrainingData.CheckSampleWeights(sampleWeight, x.Dim(0));
        return Trainer.Evaluate(x, y, x.Dim(0), sampleWeight);
    }

    /// <summary>The model's output for one batch, without recording gradients. The same for any thread count, bit
    /// for bit; a batch of one row is computed by the one-row kernel, so it may differ from that row's output inside
    /// a larger batch in the last bits (a different summation order).</summary>
    public Tensor PredictOnBatch(Tensor x)
    {
        TrainingData.CheckPair(x, null);
        using (Autograd.Autograd.NoGrad())
        {
            Tensor y;
            using (BeginInferenceStep(x.Dim(0))) y = Call(x, training: false);
            // y's storage is the arena's, handed out again by this thread's next call: the caller gets its own copy.
            using (Autograd.TensorArena.Suspend()) return y.Clone();   // not in an enclosing training step's arena either
        }
    }

    /// <summary>The loss and metrics on (x, y), computed in batches (Keras's default 32) without training.</summary>
    /// <returns>"loss" and each metric's name mapped to its value.</returns>
    public Logs Evaluate(Tensor x, Tensor y, int batchSize = 32, Tensor? sampleWeight = null, int verbose = 0, TextWriter? output = null)
    {
        RequireCompiled(nameof(Evaluate));
        using var state = EnterState(nameof(Evaluate), training: false);
        TrainingData.CheckBatchSize(batchSize);
        TrainingData.CheckPair(x, y);
        TrainingData.CheckSampleWeights(sampleWeight, x.Dim(0));
        CheckAgainstModel(x, y);
        Dictionary<string, float> logs = Trainer.Evaluate(x, y, batchSize, sampleWeight);
        if (verbose > 0)
        {
            int steps = (x.Dim(0) + batchSize - 1) / batchSize;
            new ProgressBar(steps, verbose, output ?? Console.Out, false, () => 0).Update(steps, logs, finalize: true);
        }
        return new Logs(logs);
    }

    /// <summary>The model's outputs for every sample of <paramref name="x"/>, computed in batches (Keras's default 32).</summary>
    /// <param name="x">The samples, [N, …].</param>
    /// <param name="batchSize">Samples per batch.</param>
    /// <param name="verbose">Keras's <c>verbose</c>: 0 silent (the default here, where Keras's "auto" shows a bar), 1 the
    /// finished progress bar, 2 one line.</param>
    /// <param name="output">Where progress is written (the console by default).</param>
    public Tensor Predict(Tensor x, int batchSize = 32, int verbose = 0, TextWriter? output = null)
    {
        TrainingData.CheckBatchSize(batchSize);
        TrainingData.CheckPair(x, null);
        if (verbose is < 0 or > 2) throw new ArgumentOutOfRangeException(nameof(verbose), $"verbose must be 0, 1 or 2, got {verbose}.");
        Tensor predictions = Trainer.Predict(x, batchSize) ?? throw new ArgumentException("Predict needs at least one sample, got none.", nameof(x));
        if (verbose > 0)
        {
            int steps = (x.Dim(0) + batchSize - 1) / batchSize;
            new ProgressBar(steps, verbose, output ?? Console.Out, false, () => 0).Update(steps, new Dictionary<string, float>(), finalize: true);
        }
        return predictions;
    }

    /// <summary>
    /// Rows per forward pass at inference: the batch size, or a multiple of it up to 256 rows, as long as the largest
    /// layer output (of a graph whose shapes are known) of that many rows stays within <see cref="ForwardFloats"/>. Each
    /// output row depends only on its own input row (the GEMM's sums run over K in the same order whatever the number of
    /// rows), so the outputs are the same, while the weights are packed for the GEMM once per 256 rows instead of once
    /// per 32. The loss and metrics are still taken batch by batch, as Keras does.
    /// </summary>
    internal int ForwardRows(int batchSize)
    {
        long perSample = LargestOutputPerSample();
        int cap = perSample <= 0 ? 256 : (int)Math.Clamp(ForwardFloats / perSample, 1, 256);
        return batchSize >= cap ? batchSize : cap / batchSize * batchSize;
    }

    /// <summary>
    /// The most values one forward pass's largest layer output may hold (4 MB of floats). The lecture's MLP (512 values a
    /// sample) keeps its 256 rows; keras-io's convnet, whose first convolution gives 21,632 values a sample, evaluates
    /// a batch of 128 at a time instead of 256 rows, which took its evaluation of 10,000 images from 0.89-0.94 s to
    /// 0.75-0.86 s (1 thread, 3 alternated runs): 256 rows of that output are 22 MB, written by the GEMM and read back by
    /// the pooling.
    /// </summary>
    private const long ForwardFloats = 1 << 20;

    /// <summary>The values a sample takes in the model's largest layer output, or 0 when the graph or a shape is unknown.</summary>
    private long LargestOutputPerSample()
    {
        if (Graph is not { } graph) return 0;
        long largest = 0;
        foreach (Node node in graph.Nodes)
            foreach (SymbolicTensor output in node.Outputs)
            {
                long size = 1;
                foreach (int d in output.ShapeArray)
                {
                    if (d <= 0) return 0;
                    size *= d;
                }
                largest = Math.Max(largest, size);
            }
        return largest;
    }

    /// <summary>
    /// The loss and metrics of one batch without training, Keras's <c>test_step(data)</c>: Evaluate and validation call
    /// it for every batch when it is overridden (the default is computed in larger forward passes, with the same results).
    /// Use <see cref="ComputeLoss"/> and <see cref="UpdateMetrics"/>; gradients are not recorded.
    /// </summary>
    /// <param name="data">The batch: inputs, targets and optional sample weights.</param>
    protected virtual void TestStep(Batch data)
    {
        Tensor yPred = Call(data.X, training: false);
        UpdateMetrics(ComputeLoss(data.Y!, yPred, data.SampleWeight).Item(), data.Y!, yPred, data.SampleWeight);
    }

    /// <summary>The outputs for one batch, Keras's <c>predict_step(data)</c>: Predict calls it for every batch when it
    /// is overridden (by default, the model's call without training, in larger forward passes).</summary>
    /// <param name="x">The batch's inputs.</param>
    protected virtual Tensor PredictStep(Tensor x) => Call(x, training: false);

    /// <summary>Runs the (possibly overridden) test step on a batch.</summary>
    internal void RunTestStep(Batch data) => TestStep(data);

    /// <summary>Runs the (possibly overridden) predict step on a batch.</summary>
    internal Tensor RunPredictStep(Tensor x) => PredictStep(x);

    // Asked once per model (Predict of one row must not pay for reflection each time).
    private bool? _overridesTestStep, _overridesPredictStep;

    internal bool Overrides(string method)
    {
        ref bool? known = ref method == nameof(TestStep) ? ref _overridesTestStep : ref _overridesPredictStep;
        return known ??= GetType().GetMethod(method, System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic,
            [method == nameof(TestStep) ? typeof(Batch) : typeof(Tensor)])!.DeclaringType != typeof(Model);
    }

    // The weights Fit trains, fixed for the call (see FitEpochs), read by the default train step.
    private IReadOnlyList<Tensor> _stepTrainable = [];

    /// <summary>
    /// One optimisation step on one batch, Keras's <c>train_step(data)</c>: Fit and TrainOnBatch call it for every
    /// batch (its sample weights already combined with any class weights), with the callbacks, progress bar and logs
    /// around it. The default is forward, loss, backward, update, then the metrics. Override it for a step of your own
    /// (a GAN, gradient accumulation), using <see cref="ComputeLoss"/>, <see cref="Autograd.Autograd.Gradients"/>,
    /// <see cref="Optimizers.Optimizer.Apply(IReadOnlyList{Tensor}, IReadOnlyList{Tensor})"/> and <see cref="UpdateMetrics"/>;
    /// call <c>base.TrainStep(data)</c> for the default.
    /// </summary>
    /// <param name="data">The batch: inputs, targets and optional sample weights.</param>
    protected virtual void TrainStep(Batch data)
    {
        if (data.Inputs is not null) TrainStepAll(data, _stepTrainable);
        else TrainStep(data.X, data.Y ?? throw new ArgumentException("A training batch needs targets.", nameof(data)), data.SampleWeight, _stepTrainable);
    }

    /// <summary>The compiled loss of a batch with the layers' penalties added, as the default train step minimises it (Keras's <c>compute_loss</c>).</summary>
    /// <exception cref="InvalidOperationException">The model is not compiled.</exception>
    protected Tensor ComputeLoss(Tensor y, Tensor yPred, Tensor? sampleWeight = null)
    {
        RequireCompiled(nameof(ComputeLoss));
        return WithRegularization(Loss!.Call(y, yPred, sampleWeight));
    }

    /// <summary>Records a batch's loss and updates the compiled metrics with it, as the default train step does, so the
    /// logs Fit shows and callbacks read carry the step's results.</summary>
    protected void UpdateMetrics(float loss, Tensor y, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(yPred);
        Track(loss, y.Dim(0), y, yPred, sampleWeight);
    }

    private void TrainStep(Tensor x, Tensor y, Tensor? sampleWeight, IReadOnlyList<Tensor> trainable)
    {
        using var step = _arena.BeginStep(x.Dim(0));
        foreach (Tensor w in trainable) w.ZeroGrad();
        Tensor yPred = Call(x, training: true);
        Tensor loss = WithRegularization(Loss!.Call(y, yPred, sampleWeight));
        if (loss.RequiresGrad) loss.Backward();
        Optimizer!.Apply(trainable);
        Track(loss.Item(), x.Dim(0), y, yPred, sampleWeight);
    }


    /// <summary>The loss plus every layer's weight penalties, as Keras's compute_loss adds <c>model.losses</c> (in training and evaluation alike).</summary>
    internal Tensor WithRegularization(Tensor loss)
    {
        // The model's own penalties and every inner layer's, each layer once (a shared layer is not counted twice).
        if (!HasRegularizationLosses) return loss;
        foreach (Tensor penalty in RegularizationLosses()) loss = loss + penalty;
        return loss;
    }

    // Keras tracks the loss as a mean weighted by batch size, and updates each metric with the batch: the plain metrics
    // without the sample weights, the weighted ones with them (keras/src/trainers/compile_utils.py, CompileMetrics.update_state).
    internal void Track(float loss, int batch, Tensor y, Tensor yPred, Tensor? sampleWeight)
    {
        _lossTracker.Add(loss, batch);
        Tensor detached = yPred.Detach();
        // Indexed, not foreach: the lists are interfaces, whose enumerators are an object per step.
        for (int i = 0; i < Metrics.Count; i++) Metrics[i].UpdateState(y, detached, null);
        for (int i = 0; i < WeightedMetrics.Count; i++) WeightedMetrics[i].UpdateState(y, detached, sampleWeight);
    }

    internal void ResetMetrics()
    {
        _lossTracker.ResetState();
        foreach (Mean tracker in _outputLossTrackers) tracker.ResetState();
        if (_outputMetrics.Length > 1)
            foreach (Metric[] metrics in _outputMetrics)
                foreach (Metric m in metrics) m.ResetState();
        foreach (Metric m in Metrics) m.ResetState();
        foreach (Metric m in WeightedMetrics) m.ResetState();
    }

    // Names as Keras 3 gives them: a repeated name gets "_1", "_2", … in the order of the compiled metrics, then the
    // weighted ones, and a weighted metric whose name is taken becomes "weighted_" + name (compile_utils.py,
    // CompileMetrics.result); the logs are then sorted by key.
    internal Dictionary<string, float> CurrentLogs(string? prefix)
    {
        var logs = new Dictionary<string, float>();
        var counters = new Dictionary<string, int>();
        string Unique(string name)
        {
            if (counters.TryGetValue(name, out int index)) { counters[name] = index + 1; return $"{name}_{index}"; }
            counters[name] = 1;
            return name;
        }
        foreach (Metric m in Metrics) logs[prefix + Unique(m.Name)] = m.Result();
        // With several outputs, each output's metrics are named "<output>_<metric>" (CompileMetrics.result), and each
        // output's loss "<output>_loss" (CompileLoss).
        if (_outputMetrics.Length > 1)
            for (int o = 0; o < _outputMetrics.Length; o++)
                foreach (Metric m in _outputMetrics[o]) logs[prefix + Unique($"{OutputNames[o]}_{m.Name}")] = m.Result();
        foreach (Mean tracker in _outputLossTrackers) logs[prefix + tracker.Name] = tracker.Result();
        foreach (Metric m in WeightedMetrics)
            logs[prefix + (counters.ContainsKey(m.Name) ? Unique("weighted_" + m.Name) : Unique(m.Name))] = m.Result();
        logs[prefix + "loss"] = _lossTracker.Result();
        return SortedLogs(logs);
    }

    // Keras hands callbacks, and Evaluate returns, logs in sorted key order (utils/python_utils.py, pythonify_logs), so
    // the progress bar reads "loss - mae - val_loss - val_mae" whatever order the metrics were compiled in.
    internal static Dictionary<string, float> SortedLogs(Dictionary<string, float> logs)
    {
        var sorted = new Dictionary<string, float>(logs.Count);
        foreach (string key in logs.Keys.Order(StringComparer.Ordinal)) sorted[key] = logs[key];
        return sorted;
    }

    private void RequireCompiled(string method)
    {
        if (!Compiled)
            throw new InvalidOperationException($"{method} needs a compiled model: call model.Compile(optimizer, loss, metrics) first.");
    }

    /// <summary>Runs the first samples through the model and the loss before training, so that a mismatch
    /// between the data and the model fails at once with the loss's or layer's message, not mid-epoch.</summary>
    internal void CheckAgainstModel(Tensor x, Tensor y)
    {
        int probe = Math.Min(2, x.Dim(0));
        if (probe == 0) throw new ArgumentException("The data has no samples.", nameof(x));
        using (Autograd.Autograd.NoGrad())
        {
            Tensor yPred = Call(x.Rows(0, probe), training: false);
            Loss!.Call(y.Rows(0, probe), yPred);
        }
    }

    // Penalties that depend on the batch (activity regularizers, and any layer of the user's, which may AddLoss) are
    // only right when each forward pass is one batch.
    internal bool HasBatchDependentPenalties => SelfAndInnerLayers().Any(l => l.ActivityRegularizer is not null || l.GetType().Assembly != typeof(Layer).Assembly);

    /// <summary>The first-batch check for either kind of batch.</summary>
    internal void CheckAgainstModel(Batch batch)
    {
        if (batch.Inputs is { } inputs) CheckAgainstModelAll([.. inputs], [.. batch.Targets!]);
        else CheckAgainstModel(batch.X, batch.Y!);
    }

    private static void CheckClassWeights(IReadOnlyDictionary<int, float>? classWeight)
    {
        if (classWeight is null) return;
        foreach (var (cls, w) in classWeight)
        {
            if (cls < 0) throw new ArgumentException($"classWeight keys are class indices, got {cls}.", nameof(classWeight));
            if (!(w >= 0) || float.IsInfinity(w))
                throw new ArgumentException($"classWeight must be finite and non-negative, got {w.ToString(CultureInfo.InvariantCulture)} for class {cls}.", nameof(classWeight));
        }
    }

    /// <summary>Keras's class_weight (data_adapter_utils.py, make_class_weight_map_fn): each sample's weight is its
    /// class's weight, 1 for a class the dictionary does not list; the class is the argmax of a one-hot target, or the
    /// rounded value of a one-column target.</summary>
    internal static Tensor? CombineWeights(Tensor y, Tensor? sampleWeight, IReadOnlyDictionary<int, float>? classWeight)
    {
        if (classWeight is null) return sampleWeight;
        int n = y.Dim(0), columns = y.Size / Math.Max(1, n);
        var weights = new float[n];
        for (int i = 0; i < n; i++)
        {
            int cls = Ops.LabelOps.ClassOfRow(y, i, MidpointRounding.ToEven);
            weights[i] = (classWeight.TryGetValue(cls, out float w) ? w : 1f) * (sampleWeight is null ? 1f : sampleWeight.At(i));
        }
        return Tensor.FromArray(weights, n);
    }
}
