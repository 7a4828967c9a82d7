namespace Backprop.Layers;

/// <summary>Returns its input unchanged (Keras's <c>Identity</c>): a named point in a graph.</summary>
public sealed class Identity : Layer
{
    /// <summary>An identity layer.</summary>
    public Identity(string? name = null) : base(name) { }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training) => inputs;

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape) => inputShape;

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Identity FromConfig(Serialization.KerasConfig config) => new(
        name: config.NullableString("name", null));
}
