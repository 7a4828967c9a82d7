namespace Backprop.Layers;

/// <summary>Softmax over an axis as a layer (Keras's <c>Softmax(axis=-1)</c>), computed stably (the row maximum subtracted).
/// Over the last axis its output feeds a crossentropy loss from its logits, as a Dense layer's softmax does.</summary>
public sealed class Softmax : Layer
{
    /// <summary>A softmax layer over <paramref name="axis"/> (counting the batch axis; -1 is the last).</summary>
    public Softmax(int axis = -1, string? name = null) : base(name)
    {
        Axis = axis;
    }

    /// <summary>The axis normalized over.</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        int axis = Axis < 0 ? Axis + inputs.Rank : Axis;
        return axis == inputs.Rank - 1 ? Activations.Activations.Softmax.Apply(inputs) : inputs.Softmax(axis);
    }

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape)
    {
        int rank = inputShape.Length + 1, axis = Axis < 0 ? Axis + rank : Axis;
        if (axis <= 0 || axis >= rank)
            throw new ArgumentException($"Layer '{Name}' (Softmax) cannot normalize over axis {Axis} of inputs {FormatWithBatch(inputShape)}.");
        return inputShape;
    }

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["axis"] = Axis;
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Softmax FromConfig(Serialization.KerasConfig config) => new(
        axis: config.Int("axis", -1),
        name: config.NullableString("name", null));
}
