namespace Backprop.Initializers;

/// <summary>All zeros; Dense's default bias initializer.</summary>
public sealed class Zeros : Initializer
{
    /// <inheritdoc/>
    public override string Name => "zeros";
    /// <inheritdoc/>
    public override Tensor Create(int[] shape) => Tensor.Filled(0f, shape);
}
