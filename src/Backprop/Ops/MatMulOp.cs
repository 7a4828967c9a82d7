using Backprop.Autograd;
using Backprop.Kernels;

namespace Backprop.Ops;

/// <summary>Matrix product of 2-D tensors, and batched over a leading axis for 3-D ones, on our GEMM.</summary>
internal static class MatMulOp
{
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        if (a.Rank == 3 && b.Rank == 3) return Batched(a, b);
        if (a.Rank != 2 || b.Rank != 2)
            throw new ArgumentException($"MatMul needs two 2-D (or two 3-D) tensors, got shapes {ShapeMath.Format(a.ShapeRef)} and {ShapeMath.Format(b.ShapeRef)}.");
        int m = a.Dim(0), k = a.Dim(1), n = b.Dim(1);
        if (b.Dim(0) != k)
            throw new ArgumentException($"MatMul shapes {ShapeMath.Format(a.ShapeRef)} and {ShapeMath.Format(b.ShapeRef)} do not align: {k} (columns of the first) != {b.Dim(0)} (rows of the second).");
        Tensor c = Tensor.Uninitialized([m, n]);
        KernelBackend.Current.Gemm(false, false, m, n, k, 1f, a.Data, a.Offset, k, b.Data, b.Offset, n, 0f, c.Data, c.Offset, n);
        if (!GraphWalk.ShouldRecord(a, b)) return c;
        return GraphWalk.Record(c, [a, b], g =>
        {
            if (a.RequiresGrad)
            {
                // dA = dC · Bᵀ
                Tensor ga = Tensor.Uninitialized([m, k]);
                KernelBackend.Current.Gemm(false, true, m, k, n, 1f, g.Data, g.Offset, n, b.Data, b.Offset, n, 0f, ga.Data, 0, k);
                GraphWalk.Accumulate(a, ga);
            }
            if (b.RequiresGrad)
            {
                // dB = Aᵀ · dC
                Tensor gb = Tensor.Uninitialized([k, n]);
                KernelBackend.Current.Gemm(true, false, k, n, m, 1f, a.Data, a.Offset, k, g.Data, g.Offset, n, 0f, gb.Data, 0, n);
                GraphWalk.Accumulate(b, gb);
            }
        });
    }

    private static Tensor Batched(Tensor a, Tensor b)
    {
        int batch = a.Dim(0), m = a.Dim(1), k = a.Dim(2), n = b.Dim(2);
        if (b.Dim(0) != batch || b.Dim(1) != k)
            throw new ArgumentException($"Batched MatMul shapes {ShapeMath.Format(a.ShapeRef)} and {ShapeMath.Format(b.ShapeRef)} do not align: expected [{batch}, {k}, n] for the second.");
        Tensor c = Tensor.Uninitialized([batch, m, n]);
        for (int i = 0; i < batch; i++)
            KernelBackend.Current.Gemm(false, false, m, n, k, 1f, a.Data, a.Offset + i * m * k, k, b.Data, b.Offset + i * k * n, n, 0f, c.Data, i * m * n, n);
        if (!GraphWalk.ShouldRecord(a, b)) return c;
        return GraphWalk.Record(c, [a, b], g =>
        {
            if (a.RequiresGrad)
            {
                Tensor ga = Tensor.Uninitialized([batch, m, k]);
                for (int i = 0; i < batch; i++)
                    KernelBackend.Current.Gemm(false, true, m, k, n, 1f, g.Data, g.Offset + i * m * n, n, b.Data, b.Offset + i * k * n, n, 0f, ga.Data, i * m * k, k);
                GraphWalk.Accumulate(a, ga);
            }
            if (b.RequiresGrad)
            {
                Tensor gb = Tensor.Uninitialized([batch, k, n]);
                for (int i = 0; i < batch; i++)
                    KernelBackend.Current.Gemm(true, false, k, n, m, 1f, a.Data, a.Offset + i * m * k, k, g.Data, g.Offset + i * m * n, n, 0f, gb.Data, i * k * n, n);
                GraphWalk.Accumulate(b, gb);
            }
        });
    }
}
