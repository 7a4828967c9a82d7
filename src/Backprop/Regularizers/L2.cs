namespace Backprop.Regularizers;

/// <summary>l2 · Σw² (Keras's default l2 = 0.01; no ½).</summary>
public sealed class L2(float l2 = 0.01f) : Regularizer
{
    /// <summary>The factor.</summary>
    [Serialization.ConfigKey("l2")]
    public float Factor { get; } = l2 >= 0 ? l2 : throw new ArgumentException($"l2 must be non-negative, got {l2}.", nameof(l2));
    /// <inheritdoc/>
    public override string Name => "l2";
    /// <inheritdoc/>
    public override Tensor Call(Tensor weight) => Factor * weight.Square().Sum();
}
