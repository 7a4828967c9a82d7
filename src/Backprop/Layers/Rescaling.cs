namespace Backprop.Layers;

/// <summary>x · scale + offset, like Keras's Rescaling (e.g. <c>new Rescaling(1f / 255)</c> for pixels).</summary>
public sealed class Rescaling(float scale, float offset = 0f, string? name = null) : Layer(name)
{
    /// <summary>The multiplier.</summary>
    public float Scale { get; } = scale;
    /// <summary>Added after scaling.</summary>
    public float Offset { get; } = offset;

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training) => inputs * Scale + Offset;

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["scale"] = Scale;
        config["offset"] = Offset;
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Rescaling FromConfig(Serialization.KerasConfig config) => new(
        scale: config.Float("scale"),
        offset: config.Float("offset", 0f),
        name: config.NullableString("name", null));
}
