namespace Backprop.Initializers;

/// <summary>Normal with the given mean and stddev, values beyond two stddevs redrawn; Keras's defaults 0 and 0.05.</summary>
public sealed class TruncatedNormal(float mean = 0f, float stddev = 0.05f) : Initializer
{
    /// <summary>Mean of the distribution.</summary>
    public float Mean => mean;
    /// <summary>Standard deviation of the distribution.</summary>
    public float Stddev => stddev;

    /// <inheritdoc/>
    public override string Name => "truncated_normal";
    /// <inheritdoc/>
    public override Tensor Create(int[] shape) => Sample(shape, mean, stddev);

    internal static Tensor Sample(int[] shape, double mean, double stddev)
    {
        var values = new float[ShapeMath.CheckedSize(shape)];
        for (int i = 0; i < values.Length; i++)
        {
            double v;
            do v = RandomSource.NextStandardNormal(); while (Math.Abs(v) > 2);
            values[i] = (float)(mean + v * stddev);
        }
        return Tensor.FromArray(values, shape);
    }
}
