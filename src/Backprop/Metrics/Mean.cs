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

    /// <summary>Adds the values of <paramref name="yPred"/> (targets are ignored), each weighted by its sample's weight
    /// (or by its own, when the weights have the values' shape), as Keras's Mean: Σ w·v / Σ w.</summary>
    /// <exception cref="ArgumentException">The weights are neither one per sample nor one per value.</exception>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        using Tensor.PooledValues values = yPred.CopyToPool();
        ReadOnlySpan<float> v = values.Span;
        if (sampleWeight is null)
        {
            _total += System.Numerics.Tensors.TensorPrimitives.Sum(v);
            _count += v.Length;
            return;
        }
        int samples = yPred.Rank == 0 ? 1 : yPred.Dim(0);
        int perWeight = sampleWeight.Size == v.Length ? 1 : sampleWeight.Size == samples && samples > 0 ? v.Length / samples
            : throw new ArgumentException($"{Name}: sample_weight must hold one weight per sample ({samples}) or per value ({v.Length}), got shape {ShapeMath.Format(sampleWeight.ShapeRef)}.", nameof(sampleWeight));
        using Tensor.PooledValues weights = sampleWeight.CopyToPool();
        ReadOnlySpan<float> w = weights.Span;
        for (int i = 0; i < v.Length; i++)
        {
            double weight = w[i / perWeight];
            _total += weight * v[i];
            _count += weight;
        }
    }

    /// <inheritdoc/>
    public override float Result() => _count == 0 ? 0f : (float)(_total / _count);

    /// <inheritdoc/>
    public override void ResetState() => (_total, _count) = (0, 0);

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["name"] = Name,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Mean FromConfig(Serialization.KerasConfig config) => new(
        name: config.String("name", "mean"));
}
