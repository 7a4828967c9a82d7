namespace Backprop.Metrics;

/// <summary>Mean over samples of 100 · mean(|y_true − y_pred| / max(|y_true|, 1e-7)) over the last axis.</summary>
public sealed class MeanAbsolutePercentageError(string name = "mean_absolute_percentage_error") : MeanMetricWrapper(name)
{
    /// <inheritdoc/>
    public override MetricDirection? Direction => MetricDirection.Down;

    /// <inheritdoc/>
    protected override void PerSample(Tensor yTrue, Tensor yPred, Span<float> values)
    {
        int c = Columns(yPred);
        using Tensor.PooledValues predicted = yPred.CopyToPool(), labels = yTrue.CopyToPool();
        ReadOnlySpan<float> p = predicted.Span, y = labels.Span;
        for (int i = 0; i < values.Length; i++)
        {
            double sum = 0;
            for (int j = i * c; j < (i + 1) * c; j++) sum += Math.Abs(y[j] - p[j]) / Math.Max(Math.Abs(y[j]), 1e-7);
            values[i] = (float)(100 * sum / c);
        }
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["name"] = Name,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static MeanAbsolutePercentageError FromConfig(Serialization.KerasConfig config) => new(
        name: config.String("name", "mean_absolute_percentage_error"));
}
