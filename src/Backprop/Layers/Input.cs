namespace Backprop.Layers;

/// <summary>
/// Declares the shape of the model's inputs (without the batch axis), like <c>keras.Input(shape=(784,))</c>: the first
/// item of a <see cref="Sequential"/>, or the start of a functional model, where it stands for its symbolic tensor
/// (<see cref="Layer.Output"/>). It holds no weights. Keras names it "input_layer", "input_layer_1", …
/// <code>
/// var image = new Input([784], name: "image");
/// var model = new Model(image, new Dense(10, activation: "softmax").Call(image));
/// </code>
/// </summary>
public sealed class Input : Layer
{
    /// <summary>An input of the given feature shape, e.g. <c>new Input(784)</c>.</summary>
    public Input(params int[] shape) : this(shape, null) { }

    /// <summary>A named input (Keras's <c>keras.Input(shape, name=…)</c>); the name is how Fit's dictionaries find it.</summary>
    public Input(int[] shape, string? name) : base(name ?? NameRegistry.Unique("input_layer"))
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0 || shape.Any(d => d <= 0))
            throw new ArgumentException($"Input needs positive dimensions, got ({string.Join(", ", shape)}).", nameof(shape));
        Shape = (int[])shape.Clone();
        Build(Shape);
        InboundNodes.Add(new Node(this, [], calledWithList: false, [(int[])shape.Clone()], Name));
    }

    /// <summary>The declared shape.</summary>
    public int[] Shape { get; }

    /// <summary>The input's symbolic tensor, so that an Input can be passed where one is expected.</summary>
    public static implicit operator SymbolicTensor(Input input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Output;
    }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training) => inputs;

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape) => inputShape;

    /// <summary>Keras's <c>from_config</c>: the layer its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Input FromConfig(Serialization.KerasConfig config) => new(config.SampleShape(), config.NullableString("name", null));

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["batch_shape"] = new int?[] { null }.Concat(Shape.Select(d => (int?)d)).ToArray();
        return config;
    }
}
