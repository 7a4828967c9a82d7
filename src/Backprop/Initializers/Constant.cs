namespace Backprop.Initializers;

/// <summary>Every element equal to a value (Keras's default 0).</summary>
public sealed class Constant(float value = 0f) : Initializer
{
    /// <summary>The value of every element.</summary>
    public float Value => value;

    /// <inheritdoc/>
    public override string Name => "constant";
    /// <inheritdoc/>
    public override Tensor Create(int[] shape) => Tensor.Filled(value, shape);

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["value"] = Value,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Constant FromConfig(Serialization.KerasConfig config) => new(
        value: config.Float("value", 0f));
}
