using Backprop.Callbacks;
using Backprop.Datasets;

namespace Backprop;

/// <summary>
/// The loop that trains a model, Keras's <c>Trainer</c> (keras/src/trainers/trainer.py): epochs of batches in a seeded
/// order, the callbacks at every hook through a <see cref="CallbackList"/>, validation, and the model's
/// <c>TrainStep</c> for each batch. The model holds the graph, the weights and the compile state; this holds the loop.
/// </summary>
internal sealed class Trainer(Model model)
{
    /// <summary>Keras's fit loop (trainers/trainer.py and epoch_iterator.py): the epochs and their batches, the callbacks
    /// at each hook, validation every <paramref name="validationFreq"/> epochs, a seeded random stream for the call.</summary>
    public History Fit(BatchDataset train, bool shuffleBatches, IReadOnlyDictionary<int, float>? classWeight, bool modelChecked, int epochs, int verbose,
        IEnumerable<Callback>? callbacks, Func<Dictionary<string, float>>? validate, int validationFreq, int initialEpoch, TextWriter? output, int? stepsPerEpoch)
    {
        int batches = train.Count;
        int steps = Math.Min(batches, stepsPerEpoch ?? int.MaxValue);
        var history = new History();
        var parameters = new Dictionary<string, int> { ["epochs"] = epochs, ["steps"] = steps, ["verbose"] = verbose };
        // As in Keras, a ProgbarLogger among the callbacks replaces the default one.
        var all = new CallbackList(callbacks, model, parameters, progressBar: verbose > 0, history, output);

        // This Fit's random stream lives on this thread for the call, then the caller's (an outer Fit's, or none) returns.
        Random? callerStream = RandomSource.Stream;
        try
        {
            return Epochs(train, shuffleBatches, classWeight, modelChecked, epochs, all, validate, validationFreq, initialEpoch, steps, batches, carryOver: stepsPerEpoch is not null, history);
        }
        finally
        {
            RandomSource.Stream = callerStream;
        }
    }

    private History Epochs(BatchDataset train, bool shuffleBatches, IReadOnlyDictionary<int, float>? classWeight, bool modelChecked, int epochs,
        CallbackList all, Func<Dictionary<string, float>>? validate, int validationFreq, int initialEpoch, int steps, int batches, bool carryOver, History history)
    {
        bool batchEndListened = all.ListensToBatchEnd;
        var empty = new Dictionary<string, float>();
        model.StopTraining = false;
        all.OnTrainBegin(empty);
        int[] batchOrder = new int[batches];
        for (int i = 0; i < batches; i++) batchOrder[i] = i;
        // Fixed for the whole call, as Keras traces its train function once: a layer frozen or unfrozen by a callback
        // takes effect at the next Fit (Keras: after recompiling).
        // (Taken after the first batch has built the model, when a dataset's model was not built yet.)
        IReadOnlyList<Tensor>? trainable = modelChecked ? model.TrainableWeights : null;
        bool checkedAgainstModel = modelChecked;
        Dictionary<string, float> epochLogs = empty;
        // Keras's EpochIterator (trainers/epoch_iterator.py): with stepsPerEpoch, one pass over the data (one shuffle) is
        // carried on across epochs, and an epoch that reaches its end stops there, so the next epoch starts a new pass;
        // without it, every epoch is a new pass.
        int cursor = batches;
        for (int epoch = initialEpoch; epoch < epochs && !model.StopTraining; epoch++)
        {
            model.ResetMetrics();
            all.OnEpochBegin(epoch, empty);
            RandomSource.BeginEpoch(epoch, model.Optimizer!.Iterations);
            train.OnEpochBegin();
            if (cursor >= batches || !carryOver)
            {
                train.NewPass();
                if (shuffleBatches) RandomSource.Permutation(batchOrder);
                cursor = 0;
            }
            for (int step = 0; step < steps; step++)
            {
                if (cursor >= batches)
                {
                    Console.Error.WriteLine("UserWarning: Your input ran out of data; interrupting training. Make sure that your dataset or generator can generate at least `steps_per_epoch * epochs` batches.");
                    break;
                }
                all.OnTrainBatchBegin(step, empty);
                int index = batchOrder[cursor++];
                Batch batch = train.GetBatch(index);
                if (!train.ChecksItsBatches) Model.CheckBatch(batch, index);
                if (!checkedAgainstModel)
                {
                    model.CheckAgainstModel(batch);
                    checkedAgainstModel = true;
                }
                Batch data = batch.Inputs is not null || classWeight is null ? batch
                    : new Batch(batch.X, batch.Y, Model.CombineWeights(batch.Y!, batch.SampleWeight, classWeight));
                trainable ??= model.TrainableWeights;
                model.RunTrainStep(data, trainable);
                // Each batch gets its own logs, as in Keras, but only when some callback reads them.
                if (batchEndListened)
                {
                    Dictionary<string, float> batchLogs = model.CurrentLogs(null);
                    all.OnTrainBatchEnd(step, batchLogs);
                }
                if (model.StopTraining) break;   // as Keras: a callback can end training mid-epoch (TerminateOnNaN)
            }
            train.OnEpochEnd();
            epochLogs = model.CurrentLogs(null);
            // Keras validates after epochs whose 1-based number is a multiple of validationFreq.
            if (validate is not null && (epoch + 1) % validationFreq == 0)
            {
                foreach (var (name, value) in validate()) epochLogs["val_" + name] = value;
                epochLogs = Model.SortedLogs(epochLogs);
            }
            all.OnEpochEnd(epoch, epochLogs);
        }
        all.OnTrainEnd(epochLogs);
        return history;
    }

    /// <summary>Keras's evaluate loop on arrays: the loss and metrics batch by batch (in forward passes of up to 256
    /// rows, the same numbers), or the model's own test step for every batch when it overrides it.</summary>
    public Dictionary<string, float> Evaluate(Tensor x, Tensor y, int batchSize, Tensor? sampleWeight)
    {
        model.ResetMetrics();
        if (model.Overrides("TestStep"))
        {
            using (Autograd.Autograd.NoGrad())
                for (int start = 0; start < x.Dim(0); start += batchSize)
                {
                    int count = Math.Min(batchSize, x.Dim(0) - start);
                    model.RunTestStep(new Batch(x.Rows(start, count), y.Rows(start, count), sampleWeight?.Rows(start, count)));
                }
            return model.CurrentLogs(null);
        }
        // An activity penalty is the last call's, so it is only right for the batch when each forward pass is one batch.
        int n = x.Dim(0), rows = model.HasBatchDependentPenalties ? batchSize : model.ForwardRows(batchSize);
        for (int chunk = 0; chunk < n; chunk += rows)
        {
            int chunkRows = Math.Min(rows, n - chunk);
            // Inference steps make a different sequence of tensors than training steps: their own lane (negative key).
            using var step = model.Arena.BeginStep(-chunkRows);
            using (Autograd.Autograd.NoGrad())
            {
                Tensor yPredChunk = model.Call(x.Rows(chunk, chunkRows), training: false);
                for (int start = chunk; start < chunk + chunkRows; start += batchSize)
                {
                    int count = Math.Min(batchSize, n - start);
                    Tensor yPred = RowsKeepingLogits(yPredChunk, start - chunk, count);
                    Tensor? weights = sampleWeight?.Rows(start, count);
                    Tensor loss = model.WithRegularization(model.Loss!.Call(y.Rows(start, count), yPred, weights));
                    model.Track(loss.Item(), count, y.Rows(start, count), yPred, weights);
                }
            }
        }
        return model.CurrentLogs(null);
    }

    /// <summary>Rows of a model output, with the matching rows of its logits so a crossentropy still takes its fused path.</summary>
    private static Tensor RowsKeepingLogits(Tensor output, int start, int count)
    {
        if (start == 0 && count == output.Dim(0)) return output;
        Tensor rows = output.Rows(start, count);
        if (output.Logits is { } origin) Ops.LogitsOrigin.Attach(rows, origin.Logits.Rows(start, count), origin.Kind);
        return rows;
    }

    /// <summary>Keras's evaluate loop on a dataset: every batch in order, between its OnEpochBegin and OnEpochEnd.</summary>
    public Dictionary<string, float> Evaluate(BatchDataset data)
    {
        model.ResetMetrics();
        data.OnEpochBegin();
        for (int index = 0; index < data.Count; index++)
        {
            Batch batch = data.GetBatch(index);
            if (!data.ChecksItsBatches) Model.CheckBatch(batch, index);
            if (index == 0) model.CheckAgainstModel(batch.X, batch.Y!);
            if (model.Overrides("TestStep"))
            {
                using (Autograd.Autograd.NoGrad()) model.RunTestStep(batch);
                continue;
            }
            int rows = batch.X.Dim(0);
            using var step = model.Arena.BeginStep(-rows);
            using (Autograd.Autograd.NoGrad())
            {
                Tensor yPred = model.Call(batch.X, training: false);
                Tensor loss = model.WithRegularization(model.Loss!.Call(batch.Y!, yPred, batch.SampleWeight));
                model.Track(loss.Item(), rows, batch.Y!, yPred, batch.SampleWeight);
            }
        }
        data.OnEpochEnd();
        return model.CurrentLogs(null);
    }

    /// <summary>The evaluate loop for a model with several inputs or outputs.</summary>
    public Dictionary<string, float> EvaluateAll(Tensor[] xs, Tensor[] ys, int batchSize, Tensor? sampleWeight)
    {
        model.ResetMetrics();
        int n = xs[0].Dim(0);
        var perOutput = new float[model.Losses.Count];
        for (int start = 0; start < n; start += batchSize)
        {
            int count = Math.Min(batchSize, n - start);
            using var step = model.Arena.BeginStep(-count);
            using (Autograd.Autograd.NoGrad())
            {
                Tensor[] targets = Model.Rows(ys, start, count);
                Tensor[] predictions = model.CallNode(Model.Rows(xs, start, count), training: false);
                Tensor loss = model.WithRegularization(model.CompiledLoss(targets, predictions, sampleWeight?.Rows(start, count), perOutput));
                model.TrackOutputs(loss.Item(), perOutput, count, targets, predictions);
            }
        }
        return model.CurrentLogs(null);
    }

    /// <summary>Keras's predict loop on arrays: the outputs of every sample, computed in batches (in forward passes of up
    /// to 256 rows unless the model overrides its predict step); null when there are no samples.</summary>
    public Tensor? Predict(Tensor x, int batchSize)
    {
        int n = x.Dim(0);
        Tensor? result = null;
        bool overridden = model.Overrides("PredictStep");
        int rows = overridden ? batchSize : model.ForwardRows(batchSize);
        using (Autograd.Autograd.NoGrad())
        {
            for (int start = 0; start < n; start += rows)
            {
                int count = Math.Min(rows, n - start);
                // The model's own forward pass recycles its tensors through the thread's inference arena; a user's predict
                // step may keep what it makes, so it allocates as before.
                using (overridden ? default : model.BeginInferenceStep(count))
                {
                    Tensor batch = model.RunPredictStep(x.Rows(start, count));
                    if (result is null)
                    {
                        int[] shape = batch.Shape;
                        shape[0] = n;
                        using (Autograd.TensorArena.Suspend()) result = new Tensor(shape);   // outlives every step
                    }
                    batch.CopyInto(result, start * (batch.Size / batch.Dim(0)));
                }
            }
        }
        return result;
    }

    /// <summary>Keras's predict loop on a dataset: every batch's outputs, stacked along the batch axis. The model's own
    /// forward pass runs in the thread's inference arena, as <see cref="Predict(Tensor, int)"/>'s does, and only each batch's
    /// output is copied out of it.</summary>
    public Tensor Predict(BatchDataset data)
    {
        var outputs = new List<Tensor>();
        int rows = 0;
        bool overridden = model.Overrides("PredictStep");
        data.OnEpochBegin();
        using (Autograd.Autograd.NoGrad())
        {
            for (int index = 0; index < data.Count; index++)
            {
                Tensor x = data.GetBatch(index).X ?? throw new ArgumentException($"The dataset's batch {index} has no X.", nameof(data));
                if (!data.ChecksItsBatches) TrainingData.CheckPair(x, null, $"batch {index} X");
                Tensor y;
                using (overridden ? default : model.BeginInferenceStep(x.Dim(0))) y = model.RunPredictStep(x);
                // The arena hands y's storage out again in the next step: keep a copy (a user's step's output is its own).
                if (!overridden)
                    using (Autograd.TensorArena.Suspend()) y = y.Clone();   // outside any arena, a caller's step's too
                if (outputs.Count > 0 && !y.ShapeRef.AsSpan(1).SequenceEqual(outputs[0].ShapeRef.AsSpan(1)))
                    throw new ArgumentException($"The dataset's batch {index} gives outputs of shape {ShapeMath.Format(y.ShapeRef)}, batch 0 gave {ShapeMath.Format(outputs[0].ShapeRef)}: the samples must have one shape.", nameof(data));
                outputs.Add(y);
                rows += y.Dim(0);
            }
        }
        data.OnEpochEnd();
        int[] shape = outputs[0].Shape;
        shape[0] = rows;
        var result = new Tensor(shape);
        int offset = 0;
        foreach (Tensor y in outputs)
        {
            y.CopyInto(result, offset);
            offset += y.Size;
        }
        return result;
    }
}
