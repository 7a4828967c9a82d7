namespace Backprop.Losses;

/// <summary>mean(max(1 − y_true·y_pred, 0)²) over the last axis; labels 0/1 are mapped to −1/1. Keras's <c>squared_hinge</c>.</summary>
public sealed class SquaredHinge : Loss
{
    /// <inheritdoc/>
    public override string Name => "squared_hinge";

    /// <inheritdoc/>
    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        yTrue = yTrue.Detach();
        return (1f - SignedLabels(yTrue) * yPred).Relu().Square().Mean(-1);
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>();

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static SquaredHinge FromConfig(Serialization.KerasConfig config) => new();
}
