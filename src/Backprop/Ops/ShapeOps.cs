using Backprop.Autograd;

namespace Backprop.Ops;

/// <summary>Reshape (a view) and 2-D transpose, differentiable.</summary>
internal static class ShapeOps
{
    /// <summary>A view of <paramref name="x"/>'s storage in another shape. Inside a training step, a view of a tensor the
    /// arena recycles is recycled with it: the next step's view of the same storage in the same shape is the same object,
    /// node included, so Flatten and Reshape allocate nothing in a steady step.</summary>
    public static Tensor Reshape(Tensor x, ReadOnlySpan<int> shape)
    {
        Span<int> resolved = shape.Length <= 8 ? stackalloc int[shape.Length] : new int[shape.Length];
        ShapeMath.ResolveReshape(shape, x.Size, resolved);
        long step = TensorArena.CurrentStep;
        ArenaSlot? slot = step > 0 ? x.ArenaSlot : null;
        Tensor view;
        if (slot?.SpareView is { } spare && slot.SpareViewStep < step && spare.Data == x.Data && spare.Offset == x.Offset
            && spare.ShapeRef.AsSpan().SequenceEqual(resolved))
        {
            spare.ResetForReuse();
            view = spare;
            slot.SpareViewStep = step;
        }
        else if (slot is not null && slot.SpareViewStep < step)
        {
            view = Tensor.ArenaView(x.Data, x.Offset, resolved.ToArray(), new ArenaSlot());
            (slot.SpareView, slot.SpareViewStep) = (view, step);
        }
        else view = new Tensor(x.Data, x.Offset, resolved.ToArray());   // outside a step, or a second view of x in this one
        if (!GraphWalk.ShouldRecord(x)) return view;
        return GraphWalk.Record(view, BackwardNode.Reuse<ReshapeNode>(view).Set(x));
    }

    /// <summary>Reshape's backward: the gradient read in the input's shape (a view, kept while the gradient's storage is the same).</summary>
    private sealed class ReshapeNode : BackwardNode
    {
        private Tensor _x = null!;
        private Tensor? _gradientView;

        public ReshapeNode Set(Tensor x)
        {
            _x = x;
            SetInputs(x);
            return this;
        }

        public override void Backward(Tensor gradient)
        {
            if (_gradientView is not { } view || view.Data != gradient.Data || view.Offset != gradient.Offset || !ShapeMath.Equal(view.ShapeRef, _x.ShapeRef))
                _gradientView = view = new Tensor(gradient.Data, gradient.Offset, _x.ShapeRef);
            GraphWalk.Accumulate(_x, view);
        }
    }

    public static Tensor Transpose(Tensor x)
    {
        if (x.Rank != 2) throw new ArgumentException($"Transpose() needs a 2-D tensor, got shape {ShapeMath.Format(x.ShapeRef)}.");
        int rows = x.Dim(0), cols = x.Dim(1);
        var result = new Tensor([cols, rows]);
        Copy(x.Data, x.Offset, rows, cols, result.Data);
        if (!GraphWalk.ShouldRecord(x)) return result;
        return GraphWalk.Record(result, [x], g =>
        {
            var gx = new Tensor([rows, cols]);
            Copy(g.Data, g.Offset, cols, rows, gx.Data);
            GraphWalk.Accumulate(x, gx);
        });
    }

    // Blocked so both the reads and the writes stay within a few cache lines at a time.
    private static void Copy(float[] src, int offset, int rows, int cols, float[] dst)
    {
        const int Block = 32;
        for (int i0 = 0; i0 < rows; i0 += Block)
            for (int j0 = 0; j0 < cols; j0 += Block)
                for (int i = i0; i < Math.Min(rows, i0 + Block); i++)
                    for (int j = j0; j < Math.Min(cols, j0 + Block); j++)
                        dst[j * rows + i] = src[offset + i * cols + j];
    }
}
