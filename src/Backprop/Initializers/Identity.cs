namespace Backprop.Initializers;

/// <summary>gain · the identity matrix; 2-D shapes only.</summary>
public sealed class Identity(float gain = 1f) : Initializer
{
    /// <summary>Factor on the identity.</summary>
    public float Gain => gain;

    /// <inheritdoc/>
    public override string Name => "identity";
    /// <inheritdoc/>
    public override Tensor Create(int[] shape)
    {
        if (shape.Length != 2) throw new ArgumentException($"The identity initializer needs a 2-D shape, got {ShapeMath.Format(shape)}.", nameof(shape));
        var t = Tensor.Zeros(shape);
        for (int i = 0; i < Math.Min(shape[0], shape[1]); i++) t[i, i] = gain;
        return t;
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["gain"] = Gain,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Identity FromConfig(Serialization.KerasConfig config) => new(
        gain: config.Float("gain", 1f));
}
