namespace Backprop.Metrics;

/// <summary>Fraction of samples whose largest prediction is at the class index given as target.</summary>
public sealed class SparseCategoricalAccuracy(string name = "sparse_categorical_accuracy") : MeanMetricWrapper(name)
{
    /// <inheritdoc/>
    public override MetricDirection? Direction => MetricDirection.Up;

    /// <inheritdoc/>
    protected override void CheckShapes(Tensor yTrue, Tensor yPred) => CheckSparseShapes(yTrue, yPred);

    /// <inheritdoc/>
    protected override void PerSample(Tensor yTrue, Tensor yPred, Span<float> values)
    {
        int c = Columns(yPred);
        using Tensor.PooledValues scores = yPred.CopyToPool(), labels = yTrue.CopyToPool();
        for (int i = 0; i < values.Length; i++)
        {
            int predicted = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(scores.Span.Slice(i * c, c));
            // Compared as floats, as Keras does: a label 1.5 matches no class (truncating it would match class 1).
            values[i] = predicted == labels.Span[i] ? 1f : 0f;
        }
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["name"] = Name,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static SparseCategoricalAccuracy FromConfig(Serialization.KerasConfig config) => new(
        name: config.String("name", "sparse_categorical_accuracy"));
}
