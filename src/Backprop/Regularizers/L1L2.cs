namespace Backprop.Regularizers;

/// <summary>l1 · Σ|w| + l2 · Σw² (Keras's class defaults l1 = 0, l2 = 0).</summary>
public sealed class L1L2(float l1 = 0f, float l2 = 0f) : Regularizer
{
    /// <summary>The L1 factor.</summary>
    [Serialization.ConfigKey("l1")]
    public float L1Factor { get; } = l1 >= 0 ? l1 : throw new ArgumentException($"l1 must be non-negative, got {l1}.", nameof(l1));
    /// <summary>The L2 factor.</summary>
    [Serialization.ConfigKey("l2")]
    public float L2Factor { get; } = l2 >= 0 ? l2 : throw new ArgumentException($"l2 must be non-negative, got {l2}.", nameof(l2));
    /// <inheritdoc/>
    public override string Name => "l1l2";
    /// <inheritdoc/>
    public override Tensor Call(Tensor weight) => L1Factor * weight.Abs().Sum() + L2Factor * weight.Square().Sum();
}
