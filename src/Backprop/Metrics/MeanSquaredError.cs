namespace Backprop.Metrics;

/// <summary>Mean over samples of mean((y_pred − y_true)²) over the last axis.</summary>
public sealed class MeanSquaredError(string name = "mean_squared_error") : MeanMetricWrapper(name)
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
            for (int j = i * c; j < (i + 1) * c; j++) sum += (p[j] - y[j]) * (double)(p[j] - y[j]);
            values[i] = (float)(sum / c);
        }
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["name"] = Name,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static MeanSquaredError FromConfig(Serialization.KerasConfig config) => new(
        name: config.String("name", "mean_squared_error"));
}
