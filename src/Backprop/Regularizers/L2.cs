namespace Backprop.Regularizers;

/// <summary>l2 · Σw² (Keras's default l2 = 0.01; no ½).</summary>
public sealed class L2(float l2 = 0.01f) : Regularizer
{
    /// <summary>The factor.</summary>
    public float Factor { get; } = l2 >= 0 ? l2 : throw new ArgumentException($"l2 must be non-negative, got {l2}.", nameof(l2));
    /// <inheritdoc/>
    public override string Name => "l2";
    /// <inheritdoc/>
    public override Tensor Call(Tensor weight) => Factor * weight.Square().Sum();

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["l2"] = Factor,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static L2 FromConfig(Serialization.KerasConfig config) => new(
        l2: config.Float("l2", 0.01f));
}
