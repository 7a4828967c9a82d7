namespace Backprop.Layers;

/// <summary>
/// Inverted dropout, as Keras's Dropout: while training, each element is zeroed with probability
/// <see cref="Rate"/> and the survivors are scaled by 1/(1 − rate); at inference it is the identity.
/// The mask comes from the generator behind <see cref="Utils.SetRandomSeed"/>.
/// </summary>
public sealed class Dropout : Layer
{
    /// <summary>A dropout layer with the given drop probability.</summary>
    /// <exception cref="ArgumentException">rate is outside [0, 1).</exception>
    /// <remarks>The rate is a double so that Keras's spelling, <c>new Dropout(0.2)</c>, compiles; it is kept as a float.</remarks>
    public Dropout(double rate, string? name = null) : base(name)
    {
        float r = (float)rate;
        if (!(r >= 0 && r < 1)) throw new ArgumentException($"Dropout rate must be in [0, 1), got {rate}.", nameof(rate));
        Rate = r;
    }

    /// <summary>Probability of dropping each element.</summary>
    public float Rate { get; }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        if (!training || Rate == 0) return inputs;
        return Ops.RandomOps.Dropout(inputs, Rate);
    }

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["rate"] = Rate;
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Dropout FromConfig(Serialization.KerasConfig config) => new(
        rate: config.Float("rate"),
        name: config.NullableString("name", null));
}
