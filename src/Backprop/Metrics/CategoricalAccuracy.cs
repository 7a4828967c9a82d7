namespace Backprop.Metrics;

/// <summary>Fraction of samples whose largest prediction is at the index of the one-hot target's largest value.</summary>
public sealed class CategoricalAccuracy(string name = "categorical_accuracy") : MeanMetricWrapper(name)
{
    /// <inheritdoc/>
    public override MetricDirection? Direction => MetricDirection.Up;

    /// <inheritdoc/>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    protected override void PerSample(Tensor yTrue, Tensor yPred, Span<float> values)
    {
        int c = Columns(yPred);
        using Tensor.PooledValues scores = yPred.CopyToPool(), labels = yTrue.CopyToPool();
        for (int i = 0; i < values.Length; i++)
        {
            int predicted = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(scores.Span.Slice(i * c, c));
            int actual = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(labels.Span.Slice(i * c, c));
            values[i] = predicted == actual ? 1f : 0f;
        }
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["name"] = Name,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static CategoricalAccuracy FromConfig(Serialization.KerasConfig config) => new(
        name: config.String("name", "categorical_accuracy"));
}
