namespace Backprop.Initializers;

/// <summary>Normal with the given mean and stddev; Keras's defaults 0 and 0.05.</summary>
public sealed class RandomNormal(float mean = 0f, float stddev = 0.05f) : Initializer
{
    /// <summary>Mean of the distribution.</summary>
    public float Mean => mean;
    /// <summary>Standard deviation of the distribution.</summary>
    public float Stddev => stddev;

    /// <inheritdoc/>
    public override string Name => "random_normal";
    /// <inheritdoc/>
    public override Tensor Create(int[] shape) => Tensor.RandomNormal(shape, mean, stddev);
}
