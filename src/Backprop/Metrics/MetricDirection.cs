namespace Backprop.Metrics;

/// <summary>Whether a metric improves as it grows or as it falls (Keras's <c>_direction</c> "up"/"down"); callbacks
/// in mode "auto" read it.</summary>
public enum MetricDirection
{
    /// <summary>Higher is better (accuracy, precision, recall, AUC, F-scores, R²).</summary>
    Up,
    /// <summary>Lower is better (errors).</summary>
    Down,
}
