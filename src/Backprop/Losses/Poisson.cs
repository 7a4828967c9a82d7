namespace Backprop.Losses;

/// <summary>mean(y_pred − y_true·log(y_pred + ε)) over the last axis. Keras's <c>poisson</c>.</summary>
public sealed class Poisson : Loss
{
    /// <inheritdoc/>
    public override string Name => "poisson";

    /// <inheritdoc/>
    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        yTrue = yTrue.Detach();
        return (yPred - yTrue * (yPred + Epsilon).Log()).Mean(-1);
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>();

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Poisson FromConfig(Serialization.KerasConfig config) => new();
}
