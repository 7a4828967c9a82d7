namespace Backprop.Metrics;

/// <summary>√(mean over all elements of (y_pred − y_true)²), accumulated over batches.</summary>
public sealed class RootMeanSquaredError(string name = "root_mean_squared_error") : Metric(name)
{
    /// <inheritdoc/>
    public override MetricDirection? Direction => MetricDirection.Down;

    private double _sum;
    private double _count;

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        using Tensor.PooledValues predicted = yPred.CopyToPool(), labels = yTrue.CopyToPool();
        ReadOnlySpan<float> p = predicted.Span, y = labels.Span;
        int perSample = yPred.Size / Math.Max(1, yPred.Dim(0));
        for (int i = 0; i < p.Length; i++)
        {
            double w = sampleWeight is null ? 1 : sampleWeight.At(i / perSample);
            _sum += w * (p[i] - y[i]) * (double)(p[i] - y[i]);
            _count += w;
        }
    }

    /// <inheritdoc/>
    public override float Result() => _count == 0 ? 0f : (float)Math.Sqrt(_sum / _count);

    /// <inheritdoc/>
    public override void ResetState() => (_sum, _count) = (0, 0);

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["name"] = Name,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static RootMeanSquaredError FromConfig(Serialization.KerasConfig config) => new(
        name: config.String("name", "root_mean_squared_error"));
}
