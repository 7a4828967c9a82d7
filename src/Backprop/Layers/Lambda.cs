namespace Backprop.Layers;

/// <summary>
/// Wraps a C# function of the batch as a layer (Keras's <c>Lambda</c>), for a small step with no weights in a
/// functional or Sequential model: <c>new Lambda(x =&gt; x.Square())</c>. The function must be differentiable (built
/// from tensor operations) to train through it. Its output shape is the outputShape function's, or found by
/// calling the function once on a one-sample batch of zeros.
/// <para>Saving refuses a model holding one: a function is code, which a .keras file cannot carry safely (Keras writes
/// Python bytecode and refuses to load it unless told <c>safe_mode=False</c>; Backprop neither writes nor runs code
/// from a file). Use <see cref="Model.SaveWeights"/>, or a layer class, for a model that must be saved.</para>
/// </summary>
public sealed class Lambda : Layer
{
    private readonly Func<Tensor, Tensor> _function;
    private readonly Func<int[], int[]>? _outputShape;

    /// <summary>A layer that applies <paramref name="function"/> to each batch.</summary>
    /// <param name="function">The computation, [batch, …] to [batch, …].</param>
    /// <param name="outputShape">The output shape (without the batch axis) for an input shape, or null to find it by running the function.</param>
    /// <param name="name">The layer's name (default lambda, lambda_1, …).</param>
    public Lambda(Func<Tensor, Tensor> function, Func<int[], int[]>? outputShape = null, string? name = null) : base(name)
    {
        _function = function ?? throw new ArgumentNullException(nameof(function));
        _outputShape = outputShape;
    }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        Tensor outputs = _function(inputs) ?? throw new InvalidOperationException($"Layer '{Name}' (Lambda): the function returned null.");
        if (outputs.Rank < 1 || outputs.Dim(0) != inputs.Dim(0))
            throw new InvalidOperationException($"Layer '{Name}' (Lambda): the function must keep the batch axis, but turned {ShapeMath.Format(inputs.ShapeRef)} into {ShapeMath.Format(outputs.ShapeRef)}.");
        return outputs;
    }

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape)
    {
        return _outputShape is not null ? _outputShape((int[])inputShape.Clone()) : base.ComputeOutputShape(inputShape);
    }

    /// <summary>Not available: a Lambda's function cannot be saved (see the class remarks).</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override IDictionary<string, object?> GetConfig() =>
        throw new NotSupportedException($"Layer '{Name}' is a Lambda, whose C# function a .keras file cannot carry safely; save the weights with SaveWeights, or replace it with a layer class.");
}
