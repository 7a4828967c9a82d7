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

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["mean"] = Mean,
        ["stddev"] = Stddev,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static RandomNormal FromConfig(Serialization.KerasConfig config) => new(
        mean: config.Float("mean", 0f),
        stddev: config.Float("stddev", 0.05f));
}
