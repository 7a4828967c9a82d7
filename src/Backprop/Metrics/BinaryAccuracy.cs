namespace Backprop.Metrics;

/// <summary>Fraction of predictions on the right side of the threshold (0.5): mean over the last axis of [(p > t) == y].</summary>
public sealed class BinaryAccuracy(string name = "binary_accuracy", float threshold = 0.5f) : MeanMetricWrapper(name)
{
    /// <inheritdoc/>
    public override MetricDirection? Direction => MetricDirection.Up;

    /// <summary>Decision threshold.</summary>
    public float Threshold { get; } = threshold;

    /// <inheritdoc/>
    protected override void PerSample(Tensor yTrue, Tensor yPred, Span<float> values)
    {
        int c = Columns(yPred);
        using Tensor.PooledValues predicted = yPred.CopyToPool(), labels = yTrue.CopyToPool();
        ReadOnlySpan<float> p = predicted.Span, y = labels.Span;
        for (int i = 0; i < values.Length; i++)
        {
            int right = 0;
            for (int j = i * c; j < (i + 1) * c; j++) if ((p[j] > Threshold ? 1f : 0f) == y[j]) right++;
            values[i] = (float)right / c;
        }
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["name"] = Name,
        ["threshold"] = Threshold,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static BinaryAccuracy FromConfig(Serialization.KerasConfig config) => new(
        name: config.String("name", "binary_accuracy"),
        threshold: config.Float("threshold", 0.5f));
}
