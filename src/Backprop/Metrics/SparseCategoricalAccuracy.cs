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
}
