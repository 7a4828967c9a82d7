using Backprop.Ops;

namespace Backprop.Losses;

/// <summary>
/// −(y·log p + (1 − y)·log(1 − p)) averaged over the last axis, then the batch. Probabilities are
/// clipped to [1e-7, 1 − 1e-7]; with <c>fromLogits</c> (or when y_pred is a sigmoid's output) it is
/// computed stably from the logits: max(z, 0) − z·y + log(1 + e^−|z|).
/// </summary>
/// <example>y_true [[0, 1], [0, 0]], y_pred [[0.6, 0.4], [0.4, 0.6]] → 0.815 (Keras's docstring).</example>
public sealed class BinaryCrossentropy(bool fromLogits = false, float labelSmoothing = 0f) : Loss
{
    /// <summary>Whether y_pred holds logits rather than probabilities.</summary>
    public bool FromLogits { get; } = fromLogits;

    /// <summary>Keras's label smoothing: targets become y·(1 − s) + 0.5·s.</summary>
    public float LabelSmoothing { get; } = labelSmoothing is >= 0 and <= 1 ? labelSmoothing
        : throw new ArgumentException($"labelSmoothing must be in [0, 1], got {labelSmoothing}.", nameof(labelSmoothing));

    private Tensor Smooth(Tensor yTrue) => LabelSmoothing == 0 ? yTrue : yTrue.Detach() * (1 - LabelSmoothing) + 0.5f * LabelSmoothing;

    /// <inheritdoc/>
    public override string Name => "binary_crossentropy";

    /// <inheritdoc/>
    protected override Tensor? FusedCall(Tensor yTrue, Tensor yPred, Tensor? sampleWeight)
    {
        Tensor? logits = FromLogits ? yPred : Ops.LogitsOrigin.Of(yPred, Ops.LogitsKind.Sigmoid);
        return logits is null ? null : CrossEntropyOps.SigmoidBinary(logits, Smooth(yTrue), sampleWeight);
    }

    /// <inheritdoc/>
    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        Tensor p = yPred.Clip(Epsilon, 1 - Epsilon);
        Tensor y = Smooth(yTrue).Detach();
        return -(y * p.Log() + (1f - y) * (1f - p).Log()).Mean(-1);
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["from_logits"] = FromLogits,
        ["label_smoothing"] = LabelSmoothing,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static BinaryCrossentropy FromConfig(Serialization.KerasConfig config) => new(
        fromLogits: config.Bool("from_logits", false),
        labelSmoothing: config.Float("label_smoothing", 0f));
}
