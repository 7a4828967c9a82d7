namespace Backprop.Regularizers;

/// <summary>l1 · Σ|w| + l2 · Σw² (Keras's class defaults l1 = 0, l2 = 0).</summary>
public sealed class L1L2(float l1 = 0f, float l2 = 0f) : Regularizer
{
    /// <summary>The L1 factor.</summary>
    public float L1Factor { get; } = l1 >= 0 ? l1 : throw new ArgumentException($"l1 must be non-negative, got {l1}.", nameof(l1));
    /// <summary>The L2 factor.</summary>
    public float L2Factor { get; } = l2 >= 0 ? l2 : throw new ArgumentException($"l2 must be non-negative, got {l2}.", nameof(l2));
    /// <inheritdoc/>
    public override string Name => "l1l2";
    /// <inheritdoc/>
    public override Tensor Call(Tensor weight) => L1Factor * weight.Abs().Sum() + L2Factor * weight.Square().Sum();

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["l1"] = L1Factor,
        ["l2"] = L2Factor,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static L1L2 FromConfig(Serialization.KerasConfig config) => new(
        l1: config.Float("l1", 0f),
        l2: config.Float("l2", 0f));
}
