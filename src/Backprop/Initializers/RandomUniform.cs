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

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["minval"] = Minval,
        ["maxval"] = Maxval,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static RandomUniform FromConfig(Serialization.KerasConfig config) => new(
        minval: config.Float("minval", -0.05f),
        maxval: config.Float("maxval", 0.05f));
}
