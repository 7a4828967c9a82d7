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
}
