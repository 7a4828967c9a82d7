namespace Backprop.Metrics;

/// <summary>Fraction of samples whose target class index is among the k largest predictions: Keras's
/// SparseTopKCategoricalAccuracy (keras/src/metrics/accuracy_metrics.py), default k = 5.</summary>
public sealed class SparseTopKCategoricalAccuracy(int k = 5, string name = "sparse_top_k_categorical_accuracy")
    : TopKCategoricalAccuracy(k, name, sparse: true);
