namespace Backprop.Callbacks;

/// <summary>A callback from delegates, like Keras's LambdaCallback; any may be null.</summary>
public sealed class LambdaCallback(
    Action<int, IReadOnlyDictionary<string, float>>? onEpochBegin = null,
    Action<int, IReadOnlyDictionary<string, float>>? onEpochEnd = null,
    Action<int, IReadOnlyDictionary<string, float>>? onTrainBatchBegin = null,
    Action<int, IReadOnlyDictionary<string, float>>? onTrainBatchEnd = null,
    Action<IReadOnlyDictionary<string, float>>? onTrainBegin = null,
    Action<IReadOnlyDictionary<string, float>>? onTrainEnd = null) : Callback
{
    // Only a delegate for the batch end makes Fit build each batch's logs.
    internal override bool ReadsBatchEndLogs => onTrainBatchEnd is not null;

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, float> logs) => onEpochBegin?.Invoke(epoch, logs);
    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, float> logs) => onEpochEnd?.Invoke(epoch, logs);
    /// <inheritdoc/>
    public override void OnTrainBatchBegin(int batch, IReadOnlyDictionary<string, float> logs) => onTrainBatchBegin?.Invoke(batch, logs);
    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, float> logs) => onTrainBatchEnd?.Invoke(batch, logs);
    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, float> logs) => onTrainBegin?.Invoke(logs);
    /// <inheritdoc/>
    public override void OnTrainEnd(IReadOnlyDictionary<string, float> logs) => onTrainEnd?.Invoke(logs);
}
