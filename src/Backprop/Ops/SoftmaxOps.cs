using System.Numerics.Tensors;
using Backprop.Autograd;
using Backprop.Kernels;

namespace Backprop.Ops;

/// <summary>Softmax and log-softmax over an axis, computed stably (the maximum is subtracted first).</summary>
internal static class SoftmaxOps
{
    public static Tensor Softmax(Tensor x, int axis)
    {
        axis = ShapeMath.NormalizeAxis(axis, x.Rank);
        Tensor y = Tensor.Uninitialized(x.ShapeRef);   // every element is written below
        ForEachSlice(x, y, axis, SoftmaxRow);
        if (!GraphWalk.ShouldRecord(x)) return y;
        return GraphWalk.Record(y, BackwardNode.Reuse<SoftmaxNode>(y).Set(x, y, axis));
    }

    /// <summary>Softmax's backward, dx = y ⊙ (g − Σ g⊙y) along the axis: a class with fields rather than a closure,
    /// so a training step (a softmax output layer) reuses it.</summary>
    private sealed class SoftmaxNode : BackwardNode
    {
        private Tensor _x = null!, _y = null!;
        private int _axis;

        public SoftmaxNode Set(Tensor x, Tensor y, int axis)
        {
            (_x, _y, _axis) = (x, y, axis);
            SetInputs(x);
            return this;
        }

        public override void Backward(Tensor g)
        {
            var gx = Tensor.Uninitialized(_x.ShapeRef);   // every slice is written below
            ForEachSlice3(_y, g, gx, _axis, (ys, gs, d) =>
            {
                float dot = TensorPrimitives.Dot(gs, ys);
                TensorPrimitives.Subtract(gs, dot, d);
                TensorPrimitives.Multiply(d, ys, d);
            });
            GraphWalk.Accumulate(_x, gx);
        }
    }

    public static Tensor LogSoftmax(Tensor x, int axis)
    {
        axis = ShapeMath.NormalizeAxis(axis, x.Rank);
        var y = new Tensor(x.ShapeRef);
        ForEachSlice(x, y, axis, LogSoftmaxRow);
        if (!GraphWalk.ShouldRecord(x)) return y;
        return GraphWalk.Record(y, [x], g =>
        {
            // dx = g − softmax(x) · Σ g
            var gx = new Tensor(x.ShapeRef);
            ForEachSlice3(y, g, gx, axis, (ys, gs, d) =>
            {
                float total = TensorPrimitives.Sum(gs);
                KernelBackend.Current.Exp(ys, d);
                TensorPrimitives.Multiply(d, -total, d);
                TensorPrimitives.Add(d, gs, d);
            });
            GraphWalk.Accumulate(x, gx);
        });
    }

    /// <summary>
    /// softmax of one row: e^(x − max) / Σ e^(x − max). TensorPrimitives.SoftMax does not subtract the maximum,
    /// so e^x overflows beyond x ≈ 88 and the row becomes NaN; shifted, every exponent is ≤ 0 and the largest is
    /// exactly 1, so the sum is in [1, length].
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void SoftmaxRow(ReadOnlySpan<float> x, Span<float> y)
    {
        float max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, y);
        KernelBackend.Current.Exp(y, y);
        TensorPrimitives.Divide(y, TensorPrimitives.Sum(y), y);
    }

    /// <summary>log softmax of one row: x − max − log Σ exp(x − max).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void LogSoftmaxRow(ReadOnlySpan<float> x, Span<float> y)
    {
        float max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, y);
        double sum = 0;
        foreach (float v in y) sum += Math.Exp(v);
        TensorPrimitives.Subtract(y, (float)Math.Log(sum), y);
    }

    private delegate void RowAction(ReadOnlySpan<float> x, Span<float> y);

    private delegate void RowAction3(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y);

    // Rows along an inner axis are strided; they are gathered into a contiguous buffer (the last axis, the common case, needs no copy).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void ForEachSlice(Tensor x, Tensor y, int axis, RowAction action)
    {
        var (outer, length, inner) = ShapeMath.AroundAxis(x.ShapeRef, axis);
        if (length == 0) return;   // an empty axis: nothing to normalise, the result is empty too
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++) action(x.Span.Slice(o * length, length), y.Span.Slice(o * length, length));
            return;
        }
        var a = new float[length];
        var b = new float[length];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                for (int l = 0; l < length; l++) a[l] = x.Data[x.Offset + (o * length + l) * inner + i];
                action(a, b);
                for (int l = 0; l < length; l++) y.Data[y.Offset + (o * length + l) * inner + i] = b[l];
            }
    }

    private static void ForEachSlice3(Tensor p, Tensor q, Tensor y, int axis, RowAction3 action)
    {
        var (outer, length, inner) = ShapeMath.AroundAxis(p.ShapeRef, axis);
        if (length == 0) return;
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
                action(p.Span.Slice(o * length, length), q.Span.Slice(o * length, length), y.Span.Slice(o * length, length));
            return;
        }
        var a = new float[length];
        var b = new float[length];
        var c = new float[length];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                for (int l = 0; l < length; l++)
                {
                    int at = (o * length + l) * inner + i;
                    a[l] = p.Data[p.Offset + at];
                    b[l] = q.Data[q.Offset + at];
                }
                action(a, b, c);
                for (int l = 0; l < length; l++) y.Data[y.Offset + (o * length + l) * inner + i] = c[l];
            }
    }
}
