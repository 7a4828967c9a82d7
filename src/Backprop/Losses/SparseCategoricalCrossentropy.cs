using Backprop.Ops;

namespace Backprop.Losses;

/// <summary>Categorical crossentropy with integer class indices as targets ([N] or [N, 1]).</summary>
/// <example>y_true [1, 2], y_pred [[0.05, 0.95, 0], [0.1, 0.8, 0.1]] → 1.177 (Keras's docstring).</example>
public sealed class SparseCategoricalCrossentropy(bool fromLogits = false) : Loss
{
    /// <summary>Whether y_pred holds logits rather than probabilities.</summary>
    public bool FromLogits { get; } = fromLogits;

    /// <inheritdoc/>
    public override string Name => "sparse_categorical_crossentropy";

    /// <inheritdoc/>
    protected override void CheckShapes(Tensor yTrue, Tensor yPred)
    {
        bool sparse = yTrue.Rank == 1 || (yTrue.Rank == 2 && yTrue.Dim(1) == 1);
        if (yPred.Rank != 2 || !sparse || yTrue.Dim(0) != yPred.Dim(0))
            throw new ArgumentException($"sparse_categorical_crossentropy needs class indices of shape [{(yPred.Rank > 0 ? yPred.Dim(0) : 0)}] and predictions [N, classes], got y_true {ShapeMath.Format(yTrue.ShapeRef)} and y_pred {ShapeMath.Format(yPred.ShapeRef)}." +
                (yTrue.SameShape(yPred) ? " The targets look one-hot: use categorical_crossentropy." : ""));
        int classes = yPred.Dim(1);
        using Tensor.PooledValues labels = yTrue.CopyToPool();
        foreach (float v in labels.Span)
            if (v != MathF.Floor(v) || v < 0 || v >= classes)
                throw new ArgumentException($"sparse_categorical_crossentropy got label {v}, expected a class index in [0, {classes}).");
    }

    /// <inheritdoc/>
    protected override Tensor? FusedCall(Tensor yTrue, Tensor yPred, Tensor? sampleWeight)
    {
        Tensor? logits = FromLogits ? yPred : Ops.LogitsOrigin.Of(yPred, Ops.LogitsKind.Softmax);
        return logits is null ? null : CrossEntropyOps.SoftmaxSparse(logits, yTrue, sampleWeight);
    }

    /// <inheritdoc/>
    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        // Keras's TensorFlow backend (backend/tensorflow/nn.py, sparse_categorical_crossentropy) clips the probabilities,
        // takes their log and applies softmax crossentropy to it: −log(p_y / Σp) with p clipped first. (Its dense
        // categorical_crossentropy normalises first and clips after; the two differ on unnormalised rows.)
        Tensor oneHot = Utils.ToCategorical(yTrue.Reshape(-1), yPred.Dim(1));
        Tensor p = yPred.Clip(Epsilon, 1 - Epsilon);
        return p.Sum(-1).Log() - (oneHot * p.Log()).Sum(-1);
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["from_logits"] = FromLogits,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static SparseCategoricalCrossentropy FromConfig(Serialization.KerasConfig config) => new(
        fromLogits: config.Bool("from_logits", false));
}
