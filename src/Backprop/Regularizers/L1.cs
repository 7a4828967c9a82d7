namespace Backprop.Regularizers;

/// <summary>l1 · Σ|w| (Keras's default l1 = 0.01).</summary>
public sealed class L1(float l1 = 0.01f) : Regularizer
{
    /// <summary>The factor.</summary>
    [Serialization.ConfigKey("l1")]
    public float Factor { get; } = l1 >= 0 ? l1 : throw new ArgumentException($"l1 must be non-negative, got {l1}.", nameof(l1));
    /// <inheritdoc/>
    public override string Name => "l1";
    /// <inheritdoc/>
    public override Tensor Call(Tensor weight) => Factor * weight.Abs().Sum();
}
