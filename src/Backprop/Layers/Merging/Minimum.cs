namespace Backprop.Layers;

/// <summary>The element-wise minimum of its inputs (Keras's <c>Minimum</c>); where inputs tie, the gradient goes to the first.</summary>
public sealed class Minimum : ElementwiseMerge
{
    /// <summary>A minimum layer.</summary>
    public Minimum(string? name = null) : base(name) { }

    private protected override bool NeedsSameShape => true;

    private protected override Tensor Fold(Tensor result, Tensor next) => Ops.ExtremumOps.Minimum(result, next);
}
