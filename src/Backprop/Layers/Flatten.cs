namespace Backprop.Layers;

/// <summary>Flattens each sample to one axis: [N, 28, 28] → [N, 784]. A view, no copy.</summary>
public sealed class Flatten : Layer
{
    /// <summary>A flatten layer.</summary>
    public Flatten(string? name = null) : base(name) { }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training) => inputs.Reshape(inputs.Dim(0), -1);

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape) => [ShapeMath.SizeOf(inputShape)];

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Flatten FromConfig(Serialization.KerasConfig config) => new(
        name: config.NullableString("name", null));
}
