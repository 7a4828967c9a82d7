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
}
