namespace Backprop.Callbacks;

/// <summary>Sets the learning rate at the start of each epoch from <c>schedule(epoch, currentLearningRate)</c>, like Keras's LearningRateScheduler.</summary>
public sealed class LearningRateScheduler(Func<int, float, float> schedule) : Callback
{
    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, float> logs)
    {
        var optimizer = Model!.Optimizer!;
        float rate = schedule(epoch, optimizer.LearningRate);
        if (!(rate > 0) || float.IsInfinity(rate))
            throw new InvalidOperationException($"The learning-rate schedule returned {rate} for epoch {epoch}; it must be a positive number.");
        optimizer.LearningRate = rate;
    }
}
