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

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["mean"] = Mean,
        ["stddev"] = Stddev,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static TruncatedNormal FromConfig(Serialization.KerasConfig config) => new(
        mean: config.Float("mean", 0f),
        stddev: config.Float("stddev", 0.05f));
}
