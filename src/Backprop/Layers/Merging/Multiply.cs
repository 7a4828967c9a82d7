namespace Backprop.Layers;

/// <summary>Multiplies its inputs element-wise (Keras's <c>Multiply</c>).</summary>
public sealed class Multiply : ElementwiseMerge
{
    /// <summary>A multiply layer.</summary>
    public Multiply(string? name = null) : base(name) { }

    private protected override Tensor Fold(Tensor result, Tensor next) => result * next;

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Multiply FromConfig(Serialization.KerasConfig config) => new(
        name: config.NullableString("name", null));
}
