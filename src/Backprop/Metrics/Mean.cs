namespace Backprop.Metrics;

/// <summary>The weighted mean of the values given to <see cref="Add"/>; Fit tracks the loss with it (weighted by batch size).</summary>
public sealed class Mean(string name = "mean") : Metric(name)
{
    private double _total;
    private double _count;

    /// <summary>Adds a value with a weight.</summary>
    public void Add(float value, float weight = 1f)
    {
        _total += (double)value * weight;
        _count += weight;
    }

    /// <summary>Adds the mean of <paramref name="yPred"/> (targets are ignored).</summary>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) =>
        Add(System.Numerics.Tensors.TensorPrimitives.Sum(yPred.Span) / Math.Max(1, yPred.Size), yPred.Size);

    /// <inheritdoc/>
    public override float Result() => _count == 0 ? 0f : (float)(_total / _count);

    /// <inheritdoc/>
    public override void ResetState() => (_total, _count) = (0, 0);
}
