namespace Backprop.Layers;

/// <summary>The element-wise maximum of its inputs (Keras's <c>Maximum</c>); where inputs tie, the gradient goes to the first.</summary>
public sealed class Maximum : ElementwiseMerge
{
    /// <summary>A maximum layer.</summary>
    public Maximum(string? name = null) : base(name) { }

    private protected override bool NeedsSameShape => true;

    private protected override Tensor Fold(Tensor result, Tensor next) => Ops.ExtremumOps.Maximum(result, next);

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Maximum FromConfig(Serialization.KerasConfig config) => new(
        name: config.NullableString("name", null));
}
