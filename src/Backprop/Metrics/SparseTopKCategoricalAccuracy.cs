namespace Backprop.Metrics;

/// <summary>Fraction of samples whose target class index is among the k largest predictions: Keras's
/// SparseTopKCategoricalAccuracy (keras/src/metrics/accuracy_metrics.py), default k = 5.</summary>
public sealed class SparseTopKCategoricalAccuracy(int k = 5, string name = "sparse_top_k_categorical_accuracy")
    : TopKCategoricalAccuracy(k, name, sparse: true)
{

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["k"] = K,
        ["name"] = Name,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static new SparseTopKCategoricalAccuracy FromConfig(Serialization.KerasConfig config) => new(
        k: config.Int("k", 5),
        name: config.String("name", "sparse_top_k_categorical_accuracy"));
}
