using System.Numerics.Tensors;

namespace Backprop.Kernels;

/// <summary>The four arithmetic operators that broadcast.</summary>
internal enum BinaryOp { Add, Subtract, Multiply, Divide }

/// <summary>Element-wise kernels over spans: NumPy broadcasting driven row by row through TensorPrimitives.</summary>
internal static class Elementwise
{
    public static void AddInPlace(Span<float> target, ReadOnlySpan<float> values) => TensorPrimitives.Add(target, values, target);

    /// <summary>
    /// dst = x op y with broadcasting. The innermost axis runs through TensorPrimitives as span∘span,
    /// span∘scalar or scalar∘span; the outer axes are walked with an odometer over broadcast strides.
    /// </summary>
    public static void Broadcast(BinaryOp op, float[] x, int xOffset, int[] xStrides, float[] y, int yOffset, int[] yStrides, Span<float> dst, int[] outShape)
    {
        int rank = outShape.Length;
        if (rank == 0)
        {
            dst[0] = Scalar(op, x[xOffset], y[yOffset]);
            return;
        }
        int inner = outShape[rank - 1];
        int xs = xStrides[rank - 1], ys = yStrides[rank - 1];
        int rows = inner == 0 ? 0 : dst.Length / inner;
        var index = rank > 1 ? new int[rank - 1] : [];
        int xo = xOffset, yo = yOffset;
        for (int row = 0; row < rows; row++)
        {
            Span<float> d = dst.Slice(row * inner, inner);
            if (xs == 1 && ys == 1) Span(op, x.AsSpan(xo, inner), y.AsSpan(yo, inner), d);
            else if (xs == 1) SpanScalar(op, x.AsSpan(xo, inner), y[yo], d);
            else if (ys == 1) ScalarSpan(op, x[xo], y.AsSpan(yo, inner), d);
            else d.Fill(Scalar(op, x[xo], y[yo]));
            // Advance the odometer over the outer axes.
            for (int axis = rank - 2; axis >= 0; axis--)
            {
                xo += xStrides[axis];
                yo += yStrides[axis];
                if (++index[axis] < outShape[axis]) break;
                xo -= xStrides[axis] * outShape[axis];
                yo -= yStrides[axis] * outShape[axis];
                index[axis] = 0;
            }
        }
    }

    private static float Scalar(BinaryOp op, float a, float b) => op switch
    {
        BinaryOp.Add => a + b,
        BinaryOp.Subtract => a - b,
        BinaryOp.Multiply => a * b,
        _ => a / b,
    };

    private static void Span(BinaryOp op, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> d)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(a, b, d); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(a, b, d); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(a, b, d); break;
            default: TensorPrimitives.Divide(a, b, d); break;
        }
    }

    /// <summary>d = a op b for a span and a scalar (d may be a itself).</summary>
    public static void SpanScalar(BinaryOp op, ReadOnlySpan<float> a, float b, Span<float> d)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(a, b, d); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(a, b, d); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(a, b, d); break;
            default: TensorPrimitives.Divide(a, b, d); break;
        }
    }

    private static void ScalarSpan(BinaryOp op, float a, ReadOnlySpan<float> b, Span<float> d)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(b, a, d); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(a, b, d); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(b, a, d); break;
            default: TensorPrimitives.Divide(a, b, d); break;
        }
    }

    /// <summary>
    /// Sums <paramref name="source"/> (shape <paramref name="sourceShape"/>) down to <paramref name="targetShape"/>,
    /// which it was broadcast from: the backward of broadcasting.
    /// </summary>
    public static void SumToShape(ReadOnlySpan<float> source, int[] sourceShape, Span<float> target, int[] targetShape)
    {
        target.Clear();
        int rank = sourceShape.Length;
        int[] strides = ShapeMath.BroadcastStrides(targetShape, sourceShape);
        if (rank == 0) { target[0] = source[0]; return; }
        int inner = sourceShape[rank - 1];
        int ts = strides[rank - 1];
        int rows = inner == 0 ? 0 : source.Length / inner;
        var index = new int[rank];
        int to = 0;
        for (int row = 0; row < rows; row++)
        {
            ReadOnlySpan<float> s = source.Slice(row * inner, inner);
            if (ts == 1) TensorPrimitives.Add(target.Slice(to, inner), s, target.Slice(to, inner));
            else target[to] += TensorPrimitives.Sum(s);
            for (int axis = rank - 2; axis >= 0; axis--)
            {
                to += strides[axis];
                if (++index[axis] < sourceShape[axis]) break;
                to -= strides[axis] * sourceShape[axis];
                index[axis] = 0;
            }
        }
    }
}
