namespace Backprop.Layers;

/// <summary>Multiplies its inputs element-wise (Keras's <c>Multiply</c>).</summary>
public sealed class Multiply : ElementwiseMerge
{
    /// <summary>A multiply layer.</summary>
    public Multiply(string? name = null) : base(name) { }

    private protected override Tensor Fold(Tensor result, Tensor next) => result * next;
}
