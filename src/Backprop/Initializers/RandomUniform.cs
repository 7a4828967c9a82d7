namespace Backprop.Initializers;

/// <summary>Uniform in [minval, maxval); Keras's defaults −0.05 and 0.05.</summary>
public sealed class RandomUniform(float minval = -0.05f, float maxval = 0.05f) : Initializer
{
    /// <summary>Lower bound.</summary>
    public float Minval => minval;
    /// <summary>Upper bound.</summary>
    public float Maxval => maxval;

    /// <inheritdoc/>
    public override string Name => "random_uniform";
    /// <inheritdoc/>
    public override Tensor Create(int[] shape) => Tensor.RandomUniform(shape, minval, maxval);
}
