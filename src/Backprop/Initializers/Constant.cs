namespace Backprop.Initializers;

/// <summary>Every element equal to a value (Keras's default 0).</summary>
public sealed class Constant(float value = 0f) : Initializer
{
    /// <inheritdoc/>
    public override string Name => "constant";
    /// <inheritdoc/>
    public override Tensor Create(int[] shape) => Tensor.Filled(value, shape);
}
