namespace Backprop.Metrics;

/// <summary>A metric that is the (sample-weighted) mean of a per-sample value, like Keras's MeanMetricWrapper.</summary>
public abstract class MeanMetricWrapper(string name) : Metric(name)
{
    private double _total;
    private double _count;

    /// <summary>Writes one value per sample into <paramref name="values"/>.</summary>
    protected abstract void PerSample(Tensor yTrue, Tensor yPred, Span<float> values);

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The labels do not fit the predictions (<see cref="CheckShapes"/>), or the
    /// weights are not one per sample.</exception>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        int n = yPred.Rank == 0 ? 1 : yPred.Dim(0);
        CheckShapes(yTrue, yPred);
        CheckOneWeightPerSample(Name, sampleWeight, n);
        if (n == 0) return;   // an empty batch adds nothing
        Span<float> values = n <= 1024 ? stackalloc float[n] : new float[n];
        PerSample(yTrue, yPred, values);
        for (int i = 0; i < n; i++)
        {
            double w = sampleWeight is null ? 1 : sampleWeight.At(i);
            _total += w * values[i];
            _count += w;
        }
    }

    /// <summary>Throws when <paramref name="yTrue"/> cannot be compared with <paramref name="yPred"/>; by default they must
    /// have the same shape (a trailing axis of 1 on either side is accepted, as Keras squeezes it).</summary>
    protected virtual void CheckShapes(Tensor yTrue, Tensor yPred)
    {
        if (yTrue.Size != yPred.Size || (yTrue.Rank > 0 && yPred.Rank > 0 && yTrue.Dim(0) != yPred.Dim(0)))
            throw new ArgumentException($"{Name} expects y_true of y_pred's shape {ShapeMath.Format(yPred.ShapeRef)}, got {ShapeMath.Format(yTrue.ShapeRef)}.");
    }

    /// <summary>Class-index labels: one per sample ([batch] or [batch, 1]) for predictions [batch, classes].</summary>
    protected void CheckSparseShapes(Tensor yTrue, Tensor yPred)
    {
        int n = yPred.Rank == 0 ? 1 : yPred.Dim(0);
        if (yTrue.Size != n || (yTrue.Rank > 0 && yTrue.Dim(0) != n))
        {
            string hint = yTrue.Size == yPred.Size && yPred.Size != n ? " (these look like one-hot labels: use the categorical form of the metric)" : "";
            throw new ArgumentException($"{Name} expects one class index per sample, y_true of shape [{n}] for y_pred {ShapeMath.Format(yPred.ShapeRef)}, got {ShapeMath.Format(yTrue.ShapeRef)}{hint}.");
        }
    }

    /// <inheritdoc/>
    public override float Result() => _count == 0 ? 0f : (float)(_total / _count);

    /// <inheritdoc/>
    public override void ResetState() => (_total, _count) = (0, 0);

    /// <summary>Number of columns per sample (the product of the non-batch axes).</summary>
    protected static int Columns(Tensor t) => t.Rank <= 1 ? 1 : t.Size / t.Dim(0);
}
