namespace Backprop.Layers;

/// <summary>Declares the shape of the model's inputs (without the batch axis), like <c>keras.Input(shape=(784,))</c>. It holds no weights and does not appear in the summary.</summary>
public sealed class Input : Layer
{
    /// <summary>An input of the given feature shape, e.g. <c>new Input(784)</c>.</summary>
    public Input(params int[] shape) : base(null)
    {
        if (shape.Length == 0 || shape.Any(d => d <= 0))
            throw new ArgumentException($"Input needs positive dimensions, got ({string.Join(", ", shape)}).", nameof(shape));
        Shape = (int[])shape.Clone();
    }

    /// <summary>The declared shape.</summary>
    public int[] Shape { get; }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training) => inputs;

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["batch_shape"] = new int?[] { null }.Concat(Shape.Select(d => (int?)d)).ToArray();
        return config;
    }
}
