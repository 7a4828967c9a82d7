namespace Backprop.Initializers;

/// <summary>All ones.</summary>
public sealed class Ones : Initializer
{
    /// <inheritdoc/>
    public override string Name => "ones";
    /// <inheritdoc/>
    public override Tensor Create(int[] shape) => Tensor.Filled(1f, shape);
}
