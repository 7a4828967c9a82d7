namespace Backprop.Initializers;

/// <summary>Every element equal to a value (Keras's default 0).</summary>
public sealed class Constant(float value = 0f) : Initializer
{
    /// <summary>The value of every element.</summary>
    public float Value => value;

    /// <inheritdoc/>
    public override string Name => "constant";
    /// <inheritdoc/>
    public override Tensor Create(int[] shape) => Tensor.Filled(value, shape);
}
