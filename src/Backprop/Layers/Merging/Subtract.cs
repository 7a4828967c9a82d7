namespace Backprop.Layers;

/// <summary>The first input minus the second, element-wise (Keras's <c>Subtract</c>, which takes exactly two).</summary>
public sealed class Subtract : ElementwiseMerge
{
    /// <summary>A subtract layer.</summary>
    public Subtract(string? name = null) : base(name) { }

    private protected override int MinInputs => 2;

    private protected override int MaxInputs => 2;

    private protected override Tensor Fold(Tensor result, Tensor next) => result - next;

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Subtract FromConfig(Serialization.KerasConfig config) => new(
        name: config.NullableString("name", null));
}
