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
        IReadOnlyList<Tensor> trainable = model.TrainableWeights;
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
}
