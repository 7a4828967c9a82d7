namespace Backprop.Metrics;

/// <summary>TP / (TP + FP) over everything seen: predictions above the threshold (0.5) are positive, and so is any non-zero
/// label (Keras casts y_true to bool; predictions are not clipped on this path, keras/src/metrics/metrics_utils.py).</summary>
public sealed class Precision(float? thresholds = null, string name = "precision") : Metric(name)
{
    /// <inheritdoc/>
    public override MetricDirection? Direction => MetricDirection.Up;

    /// <summary>The threshold as configured (Keras's <c>thresholds</c>; null means Keras's default 0.5).</summary>
    public float? Thresholds => thresholds;

    /// <summary>Predictions above it count as positive.</summary>
    public float Threshold { get; } = thresholds is not { } t ? 0.5f : t >= 0 && t <= 1 ? t
        : throw new ArgumentException($"thresholds must be in [0, 1], got {t}.", nameof(thresholds));

    private ConfusionCounts _counts;

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) => ThresholdCounting.Update(ref _counts, yTrue, yPred, sampleWeight, Threshold, Name);

    /// <inheritdoc/>
    public override float Result() => _counts.TruePositives + _counts.FalsePositives == 0 ? 0f : (float)(_counts.TruePositives / (_counts.TruePositives + _counts.FalsePositives));

    /// <inheritdoc/>
    public override void ResetState() => _counts = default;

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["thresholds"] = Thresholds,
        ["name"] = Name,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Precision FromConfig(Serialization.KerasConfig config) => new(
        thresholds: config.NullableFloat("thresholds", null),
        name: config.String("name", "precision"));
}
