namespace Backprop.Layers;

/// <summary>
/// A layer that combines a list of tensors into one (Keras's <c>Merge</c> base of Add, Concatenate, Dot, …). It holds
/// no weights; it is called on a list, <c>new Add().Call([a, b])</c>, and checks the shapes when the graph is built.
/// </summary>
public abstract class Merge : Layer
{
    private int[][]? _inputShapes;

    /// <summary>Creates a merge layer; the name defaults to Keras's automatic one (add, add_1, …).</summary>
    protected Merge(string? name) : base(name) { }

    /// <summary>True once the layer has been called (it has no weights to make).</summary>
    public override bool Built => _inputShapes is not null;

    /// <summary>The shapes (without the batch axis) of the inputs of the first call, or null before it.</summary>
    public IReadOnlyList<int[]>? InputShapes => _inputShapes?.Select(s => (int[])s.Clone()).ToArray();

    /// <summary>The fewest inputs the layer takes.</summary>
    private protected virtual int MinInputs => 1;

    /// <summary>The most inputs the layer takes.</summary>
    private protected virtual int MaxInputs => int.MaxValue;

    /// <summary>The output shape (without the batch axis) for inputs of these shapes.</summary>
    /// <exception cref="ArgumentException">The count or the shapes do not fit (the message gives them all).</exception>
    public int[] ComputeOutputShape(IReadOnlyList<int[]> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        if (inputShapes.Count < MinInputs || inputShapes.Count > MaxInputs)
        {
            string expected = MinInputs == MaxInputs ? $"exactly {MinInputs}" : $"at least {MinInputs}";
            throw new ArgumentException($"Layer '{Name}' ({GetType().Name}) takes a list of {expected} inputs, got {inputShapes.Count}.");
        }
        return MergedShape([.. inputShapes]);
    }

    /// <summary>The output shape for these input shapes, already counted; throws naming the shapes when they do not fit.</summary>
    private protected abstract int[] MergedShape(int[][] shapes);

    /// <summary>Combines the inputs, each [batch, …], whose shapes <see cref="MergedShape"/> accepted.</summary>
    private protected abstract Tensor Combine(Tensor[] inputs, int[] outputShape);

    /// <summary>Not for a merge layer, which takes a list: see <see cref="ComputeOutputShape(IReadOnlyList{int[]})"/>.</summary>
    public override int[] ComputeOutputShape(int[] inputShape) =>
        throw new InvalidOperationException($"Layer '{Name}' ({GetType().Name}) merges a list of inputs; give it the list of their shapes.");

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training) =>
        throw new InvalidOperationException($"Layer '{Name}' ({GetType().Name}) merges a list of inputs; call it with a list, e.g. Call([a, b]).");

    internal override int[][] OutputShapesFor(int[][] inputShapes)
    {
        int[] output = ComputeOutputShape(inputShapes);
        _inputShapes ??= [.. inputShapes.Select(s => (int[])s.Clone())];
        return [output];
    }

    internal override Tensor[] CallNode(Tensor[] inputs, bool training)
    {
        foreach (Tensor x in inputs)
            if (x.Rank < 1 || x.Dim(0) != inputs[0].Dim(0))
                throw new ArgumentException($"Layer '{Name}' cannot merge tensors with different batch sizes: got shapes {string.Join(", ", inputs.Select(t => ShapeMath.Format(t.ShapeRef)))}.");
        int[] output = OutputShapesFor([.. inputs.Select(t => t.ShapeRef[1..])])[0];
        return [Combine(inputs, output)];
    }

    /// <summary>Shapes listed for a message: "(None, 4) and (None, 5)".</summary>
    private protected static string Describe(int[][] shapes) => string.Join(" and ", shapes.Select(FormatWithBatch));
}
