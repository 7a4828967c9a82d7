using Backprop.Ops;

namespace Backprop.Losses;

/// <summary>
/// −Σ y·log p over the classes (last axis), averaged over the batch; y is one-hot (or a distribution).
/// As in Keras, probabilities are renormalised to sum to 1 and clipped to [1e-7, 1 − 1e-7]; with
/// <c>fromLogits</c>, or when y_pred is a softmax's output, it is computed from the logits with the
/// fused, stable backward (p − y)/N.
/// </summary>
/// <example>y_true [[0, 1, 0], [0, 0, 1]], y_pred [[0.05, 0.95, 0], [0.1, 0.8, 0.1]] → 1.177 (Keras's docstring).</example>
public sealed class CategoricalCrossentropy(bool fromLogits = false, float labelSmoothing = 0f) : Loss
{
    /// <summary>Whether y_pred holds logits rather than probabilities.</summary>
    public bool FromLogits { get; } = fromLogits;

    /// <summary>Keras's label smoothing: targets become y·(1 − s) + s / classes.</summary>
    public float LabelSmoothing { get; } = labelSmoothing is >= 0 and <= 1 ? labelSmoothing
        : throw new ArgumentException($"labelSmoothing must be in [0, 1], got {labelSmoothing}.", nameof(labelSmoothing));

    private Tensor Smooth(Tensor yTrue) => LabelSmoothing == 0 ? yTrue : yTrue.Detach() * (1 - LabelSmoothing) + LabelSmoothing / yTrue.Dim(-1);

    /// <inheritdoc/>
    public override string Name => "categorical_crossentropy";

    /// <inheritdoc/>
    protected override void CheckShapes(Tensor yTrue, Tensor yPred)
    {
        if (yTrue.SameShape(yPred)) return;
        bool looksSparse = yTrue.Rank == 1 || (yTrue.Rank == 2 && yTrue.Dim(1) == 1);
        if (looksSparse && yPred.Rank == 2 && yTrue.Dim(0) == yPred.Dim(0))
            throw new ArgumentException($"categorical_crossentropy needs one-hot targets of shape {ShapeMath.Format(yPred.ShapeRef)}, got class indices of shape {ShapeMath.Format(yTrue.ShapeRef)}. Use sparse_categorical_crossentropy, or one-hot encode the labels with Utils.ToCategorical(y, {yPred.Dim(-1)}).");
        base.CheckShapes(yTrue, yPred);
    }

    /// <inheritdoc/>
    protected override Tensor? FusedCall(Tensor yTrue, Tensor yPred, Tensor? sampleWeight)
    {
        Tensor? logits = FromLogits ? yPred : Ops.LogitsOrigin.Of(yPred, Ops.LogitsKind.Softmax);
        if (logits is null || logits.Rank != 2) return null;
        return CrossEntropyOps.SoftmaxCategorical(logits, Smooth(yTrue), sampleWeight);
    }

    /// <inheritdoc/>
    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        // Logits of another rank than [N, classes] (a sequence's [N, T, classes]): log-softmax over the last axis.
        if (FromLogits) return -(Smooth(yTrue).Detach() * yPred.LogSoftmax(-1)).Sum(-1);
        Tensor p = (yPred / yPred.Sum(-1, keepDims: true)).Clip(Epsilon, 1 - Epsilon);
        return -(Smooth(yTrue).Detach() * p.Log()).Sum(-1);
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["from_logits"] = FromLogits,
        ["label_smoothing"] = LabelSmoothing,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static CategoricalCrossentropy FromConfig(Serialization.KerasConfig config) => new(
        fromLogits: config.Bool("from_logits", false),
        labelSmoothing: config.Float("label_smoothing", 0f));
}
