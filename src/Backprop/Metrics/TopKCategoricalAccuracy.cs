namespace Backprop.Metrics;

/// <summary>Fraction of samples whose one-hot target class is among the k largest predictions (Keras's default k = 5; ties
/// count as in). <see cref="SparseTopKCategoricalAccuracy"/> takes class indices, as Keras's separate class does.</summary>
public class TopKCategoricalAccuracy : MeanMetricWrapper
{
    private readonly bool sparse;

    /// <summary>Creates the metric for one-hot targets.</summary>
    /// <exception cref="ArgumentException">k is not positive.</exception>
    public TopKCategoricalAccuracy(int k = 5, string name = "top_k_categorical_accuracy") : this(k, name, sparse: false) { }

    /// <summary>For <see cref="SparseTopKCategoricalAccuracy"/>.</summary>
    private protected TopKCategoricalAccuracy(int k, string name, bool sparse) : base(name)
    {
        K = k > 0 ? k : throw new ArgumentException($"k must be positive, got {k}.", nameof(k));
        this.sparse = sparse;
    }

    /// <inheritdoc/>
    public override MetricDirection? Direction => MetricDirection.Up;

    /// <summary>Whether targets are class indices rather than one-hot rows.</summary>
    public bool Sparse => sparse;

    /// <summary>How many top predictions count.</summary>
    public int K { get; }

    /// <inheritdoc/>
    protected override void CheckShapes(Tensor yTrue, Tensor yPred)
    {
        if (sparse) CheckSparseShapes(yTrue, yPred);
        else base.CheckShapes(yTrue, yPred);
    }

    /// <inheritdoc/>
    protected override void PerSample(Tensor yTrue, Tensor yPred, Span<float> values)
    {
        int c = Columns(yPred);
        using Tensor.PooledValues predicted = yPred.CopyToPool(), labels = yTrue.CopyToPool();
        for (int i = 0; i < values.Length; i++)
        {
            ReadOnlySpan<float> p = predicted.Span.Slice(i * c, c);
            int target = sparse ? (int)labels.Span[i] : System.Numerics.Tensors.TensorPrimitives.IndexOfMax(labels.Span.Slice(i * c, c));
            // A class the model does not have, or a non-finite score for the target, is never in the top k (as TensorFlow's in_top_k).
            if (target < 0 || target >= c || !float.IsFinite(p[target])) { values[i] = 0f; continue; }
            int larger = 0;
            for (int j = 0; j < c; j++) if (p[j] > p[target]) larger++;
            values[i] = larger < K ? 1f : 0f;
        }
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["k"] = K,
        ["name"] = Name,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static TopKCategoricalAccuracy FromConfig(Serialization.KerasConfig config) => new(
        k: config.Int("k", 5),
        name: config.String("name", "top_k_categorical_accuracy"));
}
