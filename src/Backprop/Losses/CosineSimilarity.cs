namespace Backprop.Losses;

/// <summary>−Σ (y_true/‖y_true‖)·(y_pred/‖y_pred‖) over the last axis: −1 when the vectors point the same way. Keras's <c>cosine_similarity</c>.</summary>
public sealed class CosineSimilarity : Loss
{
    /// <inheritdoc/>
    public override string Name => "cosine_similarity";

    /// <inheritdoc/>
    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        yTrue = yTrue.Detach();
        return -(L2Normalize(yTrue) * L2Normalize(yPred)).Sum(-1);
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>();

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static CosineSimilarity FromConfig(Serialization.KerasConfig config) => new();
}
