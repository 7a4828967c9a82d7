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
}
