namespace Backprop.Layers;

/// <summary>Adds zero-mean normal noise with the given stddev while training; the identity at inference (Keras's GaussianNoise).</summary>
public sealed class GaussianNoise : Layer
{
    /// <summary>A noise layer.</summary>
    /// <exception cref="ArgumentException">stddev is outside [0, 1].</exception>
    public GaussianNoise(float stddev, string? name = null) : base(name)
    {
        // Keras (layers/regularization/gaussian_noise.py) accepts only [0, 1]; a larger one would make a file Keras refuses.
        if (!(stddev >= 0 && stddev <= 1)) throw new ArgumentException($"GaussianNoise needs a stddev in [0, 1] (as Keras), got {stddev}.", nameof(stddev));
        Stddev = stddev;
    }

    /// <summary>Standard deviation of the noise.</summary>
    public float Stddev { get; }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training) =>
        training && Stddev > 0 ? inputs + Tensor.RandomNormal(inputs.Shape, 0f, Stddev) : inputs;

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["stddev"] = Stddev;
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static GaussianNoise FromConfig(Serialization.KerasConfig config) => new(
        stddev: config.Float("stddev"),
        name: config.NullableString("name", null));
}
