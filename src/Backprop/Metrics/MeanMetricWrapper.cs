namespace Backprop.Metrics;

/// <summary>A metric that is the (sample-weighted) mean of a per-sample value, like Keras's MeanMetricWrapper.</summary>
public abstract class MeanMetricWrapper(string name) : Metric(name)
{
    private double _total;
    private double _count;

    /// <summary>Writes one value per sample into <paramref name="values"/>.</summary>
    protected abstract void PerSample(Tensor yTrue, Tensor yPred, Span<float> values);

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        int n = yPred.Rank == 0 ? 1 : yPred.Dim(0);
        Span<float> values = n <= 1024 ? stackalloc float[n] : new float[n];
        PerSample(yTrue, yPred, values);
        for (int i = 0; i < n; i++)
        {
            double w = sampleWeight is null ? 1 : sampleWeight.Data[sampleWeight.Offset + i];
            _total += w * values[i];
            _count += w;
        }
    }

    /// <inheritdoc/>
    public override float Result() => _count == 0 ? 0f : (float)(_total / _count);

    /// <inheritdoc/>
    public override void ResetState() => (_total, _count) = (0, 0);

    /// <summary>Number of columns per sample (the product of the non-batch axes).</summary>
    protected static int Columns(Tensor t) => t.Rank <= 1 ? 1 : t.Size / t.Dim(0);
}
