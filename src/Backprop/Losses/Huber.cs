namespace Backprop.Losses;

/// <summary>
/// Huber loss, Keras's formula: for e = y_pred − y_true, 0.5·e² where |e| ≤ δ, else δ·|e| − 0.5·δ², averaged
/// over the last axis. Written as 0.5·q² + δ·(|e| − q) with q = min(|e|, δ) so autograd differentiates it.
/// </summary>
public sealed class Huber(float delta = 1f) : Loss
{
    /// <summary>Where the loss turns from quadratic to linear.</summary>
    public float Delta { get; } = delta > 0 ? delta : throw new ArgumentException($"delta must be positive, got {delta}.", nameof(delta));

    /// <inheritdoc/>
    public override string Name => "huber";

    /// <inheritdoc/>
    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        Tensor error = (yPred - yTrue.Detach()).Abs();
        Tensor quadratic = error - (error - Delta).Relu();
        return (0.5f * quadratic.Square() + Delta * (error - quadratic)).Mean(-1);
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["delta"] = Delta,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Huber FromConfig(Serialization.KerasConfig config) => new(
        delta: config.Float("delta", 1f));
}
