namespace Backprop.Layers;

/// <summary>The element-wise minimum of its inputs (Keras's <c>Minimum</c>); where inputs tie, the gradient goes to the first.</summary>
public sealed class Minimum : ElementwiseMerge
{
    /// <summary>A minimum layer.</summary>
    public Minimum(string? name = null) : base(name) { }

    private protected override bool NeedsSameShape => true;

    private protected override Tensor Fold(Tensor result, Tensor next) => Ops.ExtremumOps.Minimum(result, next);

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Minimum FromConfig(Serialization.KerasConfig config) => new(
        name: config.NullableString("name", null));
}
