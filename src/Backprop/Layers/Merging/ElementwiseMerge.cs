namespace Backprop.Layers;

/// <summary>
/// The merges that combine inputs element by element (Add, Subtract, Multiply, Average, Maximum, Minimum), with
/// Keras's shape rule (merging/base_merge.py): the inputs broadcast against each other, a size 1 meeting any size,
/// and an input of lower rank first gets size-1 axes inserted after the batch axis.
/// </summary>
public abstract class ElementwiseMerge : Merge
{
    /// <summary>Creates the layer.</summary>
    protected ElementwiseMerge(string? name) : base(name) { }

    private protected override int[] MergedShape(int[][] shapes)
    {
        int[] output = shapes[0];
        foreach (int[] shape in shapes.Skip(1))
        {
            int[] longer = output.Length >= shape.Length ? output : shape, shorter = output.Length >= shape.Length ? shape : output;
            int[] merged = (int[])longer.Clone();
            for (int i = 0; i < shorter.Length; i++)
            {
                int a = longer[longer.Length - shorter.Length + i], b = shorter[i];
                if (a != b && a != 1 && b != 1)
                    throw new ArgumentException($"Layer '{Name}' ({GetType().Name}) got inputs of incompatible shapes: {Describe(shapes)}.");
                merged[longer.Length - shorter.Length + i] = a == 1 ? b : a;
            }
            output = merged;
        }
        return output;
    }

    private protected override Tensor Combine(Tensor[] inputs, int[] outputShape)
    {
        int rank = outputShape.Length + 1;
        Tensor result = Aligned(inputs[0], rank, outputShape);
        for (int i = 1; i < inputs.Length; i++) result = Fold(result, Aligned(inputs[i], rank, outputShape));
        return Finish(result, inputs.Length);
    }

    /// <summary>The running result combined with the next input.</summary>
    private protected abstract Tensor Fold(Tensor result, Tensor next);

    /// <summary>The last step (Average divides by the count).</summary>
    private protected virtual Tensor Finish(Tensor result, int count) => result;

    /// <summary>Whether <see cref="Fold"/> needs operands of one shape (the maximum and minimum), else it broadcasts.</summary>
    private protected virtual bool NeedsSameShape => false;

    // Keras's base_merge inserts the missing axes right after the batch axis (expand_dims(x, 1)).
    private Tensor Aligned(Tensor x, int rank, int[] outputShape)
    {
        if (x.Rank < rank)
        {
            int[] shape = new int[rank];
            shape[0] = x.Dim(0);
            for (int d = 1; d < rank; d++) shape[d] = d < rank - (x.Rank - 1) ? 1 : x.ShapeRef[d - (rank - x.Rank)];
            x = x.Reshape(shape);
        }
        if (!NeedsSameShape || x.ShapeRef.AsSpan(1).SequenceEqual(outputShape)) return x;
        return x + Tensor.Zeros([x.Dim(0), .. outputShape]);   // broadcast, the gradient summed back by the addition
    }
}
