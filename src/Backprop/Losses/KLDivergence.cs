namespace Backprop.Losses;

/// <summary>Σ y_true·log(y_true / y_pred) over the last axis, both clipped to [ε, 1]. Keras's <c>kl_divergence</c>.</summary>
public sealed class KLDivergence : Loss
{
    /// <inheritdoc/>
    public override string Name => "kl_divergence";

    /// <inheritdoc/>
    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        yTrue = yTrue.Detach();
        return (ClipProbability(yTrue) * (ClipProbability(yTrue) / ClipProbability(yPred)).Log()).Sum(-1);
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>();

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static KLDivergence FromConfig(Serialization.KerasConfig config) => new();
}
