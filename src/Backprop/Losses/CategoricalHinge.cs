namespace Backprop.Losses;

/// <summary>max(neg − pos + 1, 0) with pos = Σ y_true·y_pred and neg = max((1 − y_true)·y_pred) over the classes. Keras's <c>categorical_hinge</c>.</summary>
public sealed class CategoricalHinge : Loss
{
    /// <inheritdoc/>
    public override string Name => "categorical_hinge";

    /// <inheritdoc/>
    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        yTrue = yTrue.Detach();
        return ((((1f - yTrue) * yPred).Max(-1) - (yTrue * yPred).Sum(-1)) + 1f).Relu();
    }
}
