namespace Backprop.Regularizers;

/// <summary>l1 · Σ|w| (Keras's default l1 = 0.01).</summary>
public sealed class L1(float l1 = 0.01f) : Regularizer
{
    /// <summary>The factor.</summary>
    public float Factor { get; } = l1 >= 0 ? l1 : throw new ArgumentException($"l1 must be non-negative, got {l1}.", nameof(l1));
    /// <inheritdoc/>
    public override string Name => "l1";
    /// <inheritdoc/>
    public override Tensor Call(Tensor weight) => Factor * weight.Abs().Sum();

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["l1"] = Factor,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static L1 FromConfig(Serialization.KerasConfig config) => new(
        l1: config.Float("l1", 0.01f));
}
