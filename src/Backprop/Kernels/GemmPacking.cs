using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Kernels;

/// <summary>The copies that pack GEMM operands into micro-kernel panels.</summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// dst[j·dstStride + i] = src[i·srcStride + j] for i &lt; rows, j &lt; cols: a rows×cols block stored transposed.
    /// Packing A (and a transposed B) is this: element by element it costs about five cycles an element (a strided
    /// store each), a sixth of a 1024³ GEMM; in 4×4 blocks through SSE shuffles it is a fraction of that.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Transpose(float* src, long srcStride, int rows, int cols, float* dst, int dstStride)
    {
        int i = 0;
        if (Sse.IsSupported)
        {
            for (; i + 4 <= rows; i += 4)
            {
                float* s0 = src + i * srcStride, s1 = s0 + srcStride, s2 = s1 + srcStride, s3 = s2 + srcStride;
                int j = 0;
                for (; j + 4 <= cols; j += 4) Transpose4x4(s0 + j, s1 + j, s2 + j, s3 + j, dst + (long)j * dstStride + i, dstStride);
                for (; j < cols; j++)
                {
                    float* d = dst + (long)j * dstStride + i;
                    d[0] = s0[j];
                    d[1] = s1[j];
                    d[2] = s2[j];
                    d[3] = s3[j];
                }
            }
        }
        for (; i < rows; i++)
        {
            float* s = src + i * srcStride;
            for (int j = 0; j < cols; j++) dst[(long)j * dstStride + i] = s[j];
        }
    }

    /// <summary>dst[j·dstStride + i] = src[j·srcStride + i] for i &lt; width, j &lt; count: short rows copied into a panel.
    /// A row of 4 to 16 values (a panel of a transposed A: 12 values of each of a convolution's 15,488 positions per
    /// weight-gradient block) is two vector copies that overlap in the middle, not a loop with a tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CopyRows(float* src, long srcStride, int width, int count, float* dst, int dstStride)
    {
        if (width is >= 4 and <= 16)
        {
            for (int j = 0; j < count; j++, src += srcStride, dst += dstStride) CopyShortRow(src, dst, width);
            return;
        }
        for (int j = 0; j < count; j++)
        {
            float* s = src + j * srcStride, d = dst + (long)j * dstStride;
            int i = 0;
            for (; i + 8 <= width; i += 8) Vector256.Store(Vector256.Load(s + i), d + i);
            for (; i + 4 <= width; i += 4) Vector128.Store(Vector128.Load(s + i), d + i);
            for (; i < width; i++) d[i] = s[i];
        }
    }

    /// <summary>Four rows of four values from <paramref name="s0"/>…<paramref name="s3"/> written as four columns from
    /// <paramref name="d"/> (rows <paramref name="dstStride"/> apart), through SSE shuffles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transpose4x4(float* s0, float* s1, float* s2, float* s3, float* d, int dstStride)
    {
        Vector128<float> r0 = Vector128.Load(s0), r1 = Vector128.Load(s1), r2 = Vector128.Load(s2), r3 = Vector128.Load(s3);
        Vector128<float> t0 = Sse.UnpackLow(r0, r1), t1 = Sse.UnpackLow(r2, r3);
        Vector128<float> t2 = Sse.UnpackHigh(r0, r1), t3 = Sse.UnpackHigh(r2, r3);
        Vector128.Store(Sse.MoveLowToHigh(t0, t1), d);
        Vector128.Store(Sse.MoveHighToLow(t1, t0), d + dstStride);
        Vector128.Store(Sse.MoveLowToHigh(t2, t3), d + 2 * dstStride);
        Vector128.Store(Sse.MoveHighToLow(t3, t2), d + 3 * dstStride);
    }

    /// <summary>4 to 16 values copied as two vector copies that overlap in the middle (no loop, no tail).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CopyShortRow(float* s, float* d, int length)
    {
        if (length >= 8)
        {
            Vector256<float> head = Vector256.Load(s), tail = Vector256.Load(s + length - 8);
            head.Store(d);
            tail.Store(d + length - 8);
        }
        else
        {
            Vector128<float> head = Vector128.Load(s), tail = Vector128.Load(s + length - 4);
            head.Store(d);
            tail.Store(d + length - 4);
        }
    }

    /// <summary>Zeroes columns [from, width) of count rows of a panel: the padding of an edge panel.</summary>
    public static void ZeroTail(float* dst, int from, int width, int count)
    {
        if (from >= width) return;
        for (int j = 0; j < count; j++) new Span<float>(dst + (long)j * width + from, width - from).Clear();
    }
}
