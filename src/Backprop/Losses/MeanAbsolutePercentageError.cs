namespace Backprop.Losses;

/// <summary>100 · mean(|y_true − y_pred| / max(|y_true|, ε)) over the last axis. Keras's <c>mean_absolute_percentage_error</c>.</summary>
public sealed class MeanAbsolutePercentageError : Loss
{
    /// <inheritdoc/>
    public override string Name => "mean_absolute_percentage_error";

    /// <inheritdoc/>
    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        yTrue = yTrue.Detach();
        return 100f * ((yTrue - yPred).Abs() / yTrue.Abs().Clip(Epsilon, float.MaxValue)).Mean(-1);
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>();

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static MeanAbsolutePercentageError FromConfig(Serialization.KerasConfig config) => new();
}
