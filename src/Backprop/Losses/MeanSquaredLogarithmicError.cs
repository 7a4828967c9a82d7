namespace Backprop.Losses;

/// <summary>mean((log(max(y_pred, ε) + 1) − log(max(y_true, ε) + 1))²) over the last axis. Keras's <c>mean_squared_logarithmic_error</c>.</summary>
public sealed class MeanSquaredLogarithmicError : Loss
{
    /// <inheritdoc/>
    public override string Name => "mean_squared_logarithmic_error";

    /// <inheritdoc/>
    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        yTrue = yTrue.Detach();
        return ((yPred.Clip(Epsilon, float.MaxValue) + 1f).Log() - (yTrue.Clip(Epsilon, float.MaxValue) + 1f).Log()).Square().Mean(-1);
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>();

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static MeanSquaredLogarithmicError FromConfig(Serialization.KerasConfig config) => new();
}
