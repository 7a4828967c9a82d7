namespace Backprop.Callbacks;

/// <summary>Stops training at the first batch whose loss is NaN or infinite, like Keras's TerminateOnNaN.</summary>
public sealed class TerminateOnNaN : Callback
{
    /// <summary>The batch (0-based, within its epoch) at which training was stopped, or null.</summary>
    public int? StoppedAtBatch { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, float> logs)
    {
        if (logs.TryGetValue("loss", out float loss) && !float.IsFinite(loss))
        {
            StoppedAtBatch = batch;
            Model!.StopTraining = true;
        }
    }
}
