namespace Backprop.Losses;

/// <summary>mean(log(cosh(y_pred − y_true))) over the last axis, computed as x + softplus(−2x) − log 2 so large errors do not overflow. Keras's <c>log_cosh</c>.</summary>
public sealed class LogCosh : Loss
{
    /// <inheritdoc/>
    public override string Name => "log_cosh";

    /// <inheritdoc/>
    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        yTrue = yTrue.Detach();
        return LogCoshOf(yPred - yTrue).Mean(-1);
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>();

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static LogCosh FromConfig(Serialization.KerasConfig config) => new();
}
