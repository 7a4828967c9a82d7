using Backprop.Autograd;

namespace Backprop.Ops;

/// <summary>Reshape (a view) and 2-D transpose, differentiable.</summary>
internal static class ShapeOps
{
    public static Tensor Reshape(Tensor x, int[] shape)
    {
        int[] resolved = ShapeMath.ResolveReshape(shape, x.Size);
        var view = new Tensor(x.Data, x.Offset, resolved);
        if (!GraphWalk.ShouldRecord(x)) return view;
        return GraphWalk.Record(view, [x], g => GraphWalk.Accumulate(x, new Tensor(g.Data, g.Offset, x.ShapeRef)));
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
