namespace Backprop.Callbacks;

/// <summary>
/// Sets the learning rate at the start of each epoch from <c>schedule(epoch, currentLearningRate)</c>, as Keras 3's
/// LearningRateScheduler (keras/src/callbacks/learning_rate_scheduler.py): a rate of 0 is allowed (a frozen epoch), the
/// epoch's logs get "learning_rate", and verbose 1 prints Keras's line.
/// </summary>
public sealed class LearningRateScheduler(Func<int, float, float> schedule, int verbose = 0, TextWriter? output = null) : Callback
{
    /// <summary>1 prints "Epoch N: LearningRateScheduler setting learning rate to …." at each epoch.</summary>
    public int Verbose => verbose;

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The schedule returned NaN, a negative or an infinite rate.</exception>
    public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, float> logs)
    {
        var optimizer = Model!.Optimizer!;
        float rate = schedule(epoch, optimizer.LearningRate);
        if (!(rate >= 0) || float.IsInfinity(rate))
            throw new InvalidOperationException($"The learning-rate schedule returned {rate} for epoch {epoch}; it must be a finite number ≥ 0.");
        optimizer.LearningRate = rate;
        if (verbose > 0) (output ?? Console.Out).WriteLine($"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to {MonitoredValue.PythonFloat(rate)}.");
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, float> logs)
    {
        if (logs is IDictionary<string, float> writable) writable["learning_rate"] = Model!.Optimizer!.LearningRate;
    }
}
