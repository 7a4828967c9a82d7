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

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>();

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static CategoricalHinge FromConfig(Serialization.KerasConfig config) => new();
}
