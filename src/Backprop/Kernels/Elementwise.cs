using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop.Kernels;

/// <summary>
/// The one driver of element-wise binary kernels: an <see cref="IBinaryOperator"/> over span∘span, span∘scalar and
/// scalar∘span, and NumPy broadcasting over any rank. Width dispatch, tails and the broadcast walk are written here
/// once; an operator only says what it computes.
/// </summary>
internal static class Elementwise
{
    public static void AddInPlace(Span<float> target, ReadOnlySpan<float> values) => Binary<AddOperator>(target, values, target);

    /// <summary>d[i] = x[i] op y[i]. <paramref name="d"/> may be <paramref name="x"/> or <paramref name="y"/> itself, but must
    /// not overlap them otherwise.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Binary<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) where TOp : IBinaryOperator
    {
        if (x.Length != d.Length || y.Length != d.Length) throw new ArgumentException($"{TOp.Name} needs spans of one length, got {x.Length}, {y.Length} and {d.Length}.");
        Run<TOp>(ref MemoryMarshal.GetReference(x), 1, ref MemoryMarshal.GetReference(y), 1, ref MemoryMarshal.GetReference(d), d.Length);
    }

    /// <summary>d[i] = x[i] op y.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Binary<TOp>(ReadOnlySpan<float> x, float y, Span<float> d) where TOp : IBinaryOperator
    {
        if (x.Length != d.Length) throw new ArgumentException($"{TOp.Name} needs spans of one length, got {x.Length} and {d.Length}.");
        Run<TOp>(ref MemoryMarshal.GetReference(x), 1, ref y, 0, ref MemoryMarshal.GetReference(d), d.Length);
    }

    /// <summary>d[i] = x op y[i].</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Binary<TOp>(float x, ReadOnlySpan<float> y, Span<float> d) where TOp : IBinaryOperator
    {
        if (y.Length != d.Length) throw new ArgumentException($"{TOp.Name} needs spans of one length, got {y.Length} and {d.Length}.");
        Run<TOp>(ref x, 0, ref MemoryMarshal.GetReference(y), 1, ref MemoryMarshal.GetReference(d), d.Length);
    }

    // A stride of 0 repeats one element (a broadcast scalar), 1 walks a row. The widest vector the JIT accelerates
    // runs the body; the tail runs the scalar form, which agrees with the vector forms bit for bit.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Run<TOp>(ref float x, int xStride, ref float y, int yStride, ref float d, int n) where TOp : IBinaryOperator
    {
        nuint i = 0, count = (nuint)n;
        if (Vector512.IsHardwareAccelerated && count >= (nuint)Vector512<float>.Count)
        {
            Vector512<float> xs = Vector512.Create(x), ys = Vector512.Create(y);
            // Four vectors per iteration: independent loads and stores keep the core's ports busy on rows of a few hundred.
            nuint step = (nuint)Vector512<float>.Count;
            for (; i + 4 * step <= count; i += 4 * step)
            {
                Vector512<float> a0 = xStride == 0 ? xs : Vector512.LoadUnsafe(ref x, i), b0 = yStride == 0 ? ys : Vector512.LoadUnsafe(ref y, i);
                Vector512<float> a1 = xStride == 0 ? xs : Vector512.LoadUnsafe(ref x, i + step), b1 = yStride == 0 ? ys : Vector512.LoadUnsafe(ref y, i + step);
                Vector512<float> a2 = xStride == 0 ? xs : Vector512.LoadUnsafe(ref x, i + 2 * step), b2 = yStride == 0 ? ys : Vector512.LoadUnsafe(ref y, i + 2 * step);
                Vector512<float> a3 = xStride == 0 ? xs : Vector512.LoadUnsafe(ref x, i + 3 * step), b3 = yStride == 0 ? ys : Vector512.LoadUnsafe(ref y, i + 3 * step);
                TOp.Invoke(a0, b0).StoreUnsafe(ref d, i);
                TOp.Invoke(a1, b1).StoreUnsafe(ref d, i + step);
                TOp.Invoke(a2, b2).StoreUnsafe(ref d, i + 2 * step);
                TOp.Invoke(a3, b3).StoreUnsafe(ref d, i + 3 * step);
            }
            for (; i + step <= count; i += step)
            {
                Vector512<float> a = xStride == 0 ? xs : Vector512.LoadUnsafe(ref x, i);
                Vector512<float> b = yStride == 0 ? ys : Vector512.LoadUnsafe(ref y, i);
                TOp.Invoke(a, b).StoreUnsafe(ref d, i);
            }
        }
        else if (Vector256.IsHardwareAccelerated && count >= (nuint)Vector256<float>.Count)
        {
            Vector256<float> xs = Vector256.Create(x), ys = Vector256.Create(y);
            // Four vectors per iteration: independent loads and stores keep the core's ports busy on rows of a few hundred.
            nuint step = (nuint)Vector256<float>.Count;
            for (; i + 4 * step <= count; i += 4 * step)
            {
                Vector256<float> a0 = xStride == 0 ? xs : Vector256.LoadUnsafe(ref x, i), b0 = yStride == 0 ? ys : Vector256.LoadUnsafe(ref y, i);
                Vector256<float> a1 = xStride == 0 ? xs : Vector256.LoadUnsafe(ref x, i + step), b1 = yStride == 0 ? ys : Vector256.LoadUnsafe(ref y, i + step);
                Vector256<float> a2 = xStride == 0 ? xs : Vector256.LoadUnsafe(ref x, i + 2 * step), b2 = yStride == 0 ? ys : Vector256.LoadUnsafe(ref y, i + 2 * step);
                Vector256<float> a3 = xStride == 0 ? xs : Vector256.LoadUnsafe(ref x, i + 3 * step), b3 = yStride == 0 ? ys : Vector256.LoadUnsafe(ref y, i + 3 * step);
                TOp.Invoke(a0, b0).StoreUnsafe(ref d, i);
                TOp.Invoke(a1, b1).StoreUnsafe(ref d, i + step);
                TOp.Invoke(a2, b2).StoreUnsafe(ref d, i + 2 * step);
                TOp.Invoke(a3, b3).StoreUnsafe(ref d, i + 3 * step);
            }
            for (; i + step <= count; i += step)
            {
                Vector256<float> a = xStride == 0 ? xs : Vector256.LoadUnsafe(ref x, i);
                Vector256<float> b = yStride == 0 ? ys : Vector256.LoadUnsafe(ref y, i);
                TOp.Invoke(a, b).StoreUnsafe(ref d, i);
            }
        }
        else if (Vector128.IsHardwareAccelerated && count >= (nuint)Vector128<float>.Count)
        {
            Vector128<float> xs = Vector128.Create(x), ys = Vector128.Create(y);
            for (; i + (nuint)Vector128<float>.Count <= count; i += (nuint)Vector128<float>.Count)
            {
                Vector128<float> a = xStride == 0 ? xs : Vector128.LoadUnsafe(ref x, i);
                Vector128<float> b = yStride == 0 ? ys : Vector128.LoadUnsafe(ref y, i);
                TOp.Invoke(a, b).StoreUnsafe(ref d, i);
            }
        }
        for (; i < count; i++)
            Unsafe.Add(ref d, i) = TOp.Invoke(Unsafe.Add(ref x, i * (nuint)xStride), Unsafe.Add(ref y, i * (nuint)yStride));
    }

    /// <summary>
    /// dst = x op y with broadcasting. The innermost axis runs as span∘span, span∘scalar or scalar∘span; the outer
    /// axes are walked with an odometer over broadcast strides.
    /// </summary>
    public static void Broadcast<TOp>(float[] x, int xOffset, int[] xStrides, float[] y, int yOffset, int[] yStrides, Span<float> dst, int[] outShape)
        where TOp : IBinaryOperator
    {
        int rank = outShape.Length;
        if (rank == 0)
        {
            dst[0] = TOp.Invoke(x[xOffset], y[yOffset]);
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
            if (xs == 1 && ys == 1) Binary<TOp>(x.AsSpan(xo, inner), y.AsSpan(yo, inner), d);
            else if (xs == 1) Binary<TOp>(x.AsSpan(xo, inner), y[yo], d);
            else if (ys == 1) Binary<TOp>(x[xo], y.AsSpan(yo, inner), d);
            else d.Fill(TOp.Invoke(x[xo], y[yo]));
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
            if (ts == 1) Binary<AddOperator>(target.Slice(to, inner), s, target.Slice(to, inner));
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
