namespace Backprop.Losses;

/// <summary>mean((y_pred − y_true)²) over the last axis, then over the batch.</summary>
/// <example>y_true [[0, 1], [0, 0]], y_pred [[1, 1], [1, 0]] → 0.5 (Keras's docstring).</example>
public sealed class MeanSquaredError : Loss
{
    /// <inheritdoc/>
    public override string Name => "mean_squared_error";

    /// <inheritdoc/>
    protected override Tensor PerSample(Tensor yTrue, Tensor yPred) => (yPred - yTrue.Detach()).Square().Mean(-1);

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>();

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static MeanSquaredError FromConfig(Serialization.KerasConfig config) => new();
}
