using System.Numerics;
using System.Runtime.CompilerServices;

namespace Backprop.Kernels;

/// <summary>
/// Max pooling's common case as its own loops: 2×2 windows at stride 2 with no padding (Keras's MaxPooling2D() default,
/// twice in keras-io's MNIST convnet) over a channel count that is a whole number of vectors. The general loops of
/// <see cref="Pooling"/> slice a span per window pixel and per vector; here the four pixels of a window are four pointers
/// and each vector of channels is one pass over them. The rules are <see cref="Pooling"/>'s, step for step (the window
/// read row by row, a value that is not ≤ the maximum so far replacing it, the first pixel holding the maximum receiving
/// the gradient), so the results are the same bit for bit.
/// </summary>
internal static unsafe class Pooling2x2
{
    /// <summary>Whether these loops apply to <paramref name="g"/>.</summary>
    public static bool Applies(in ConvolutionGeometry g) =>
        g.KernelHeight == 2 && g.KernelWidth == 2 && g.StrideHeight == 2 && g.StrideWidth == 2 && g.PadTop == 0 && g.PadLeft == 0
        && g.DilationHeight == 1 && g.DilationWidth == 1 && g.Channels % Vector<float>.Count == 0
        && 2 * g.OutHeight <= g.Height && 2 * g.OutWidth <= g.Width;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MaxForward(ReadOnlySpan<float> x, in ConvolutionGeometry g, Span<float> y)
    {
        int c = g.Channels, rowStride = g.Width * c, width = Vector<float>.Count;
        if (x.Length < g.Batch * g.Height * rowStride || y.Length < g.Batch * g.OutHeight * g.OutWidth * c)
            throw new ArgumentException("The pooling buffers are smaller than the geometry says.");
        fixed (float* xs = x, ys = y)
        {
            float* output = ys;
            for (int n = 0; n < g.Batch; n++)
                for (int oh = 0; oh < g.OutHeight; oh++)
                {
                    float* top = xs + ((long)n * g.Height + 2 * oh) * rowStride;
                    for (int ow = 0; ow < g.OutWidth; ow++, output += c)
                    {
                        float* p00 = top + 2 * ow * c, p01 = p00 + c, p10 = p00 + rowStride, p11 = p10 + c;
                        for (int k = 0; k < c; k += width)
                        {
                            // The first pixel replaces the starting −∞ whatever it holds (−∞ itself and NaN included).
                            Vector<float> m = Vector.Load(p00 + k);
                            m = Larger(Vector.Load(p01 + k), m);
                            m = Larger(Vector.Load(p10 + k), m);
                            m = Larger(Vector.Load(p11 + k), m);
                            Vector.Store(m, output + k);
                        }
                    }
                }
        }
    }

    /// <summary>v unless v ≤ m: NaN wins, as in <see cref="Pooling.MaxForward"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Larger(Vector<float> v, Vector<float> m) => Vector.ConditionalSelect(Vector.LessThanOrEqual(v, m), m, v);

    /// <summary><see cref="Pooling.MaxBackward"/> for these windows, with its <paramref name="overwrite"/> and
    /// <paramref name="reluMasked"/> (pixels no window covers are the caller's to clear when overwriting).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MaxBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> gy, in ConvolutionGeometry g, Span<float> dx, bool overwrite, bool reluMasked)
    {
        int c = g.Channels, rowStride = g.Width * c, width = Vector<float>.Count, outputs = g.Batch * g.OutHeight * g.OutWidth * c;
        if (x.Length < g.Batch * g.Height * rowStride || dx.Length < x.Length || y.Length < outputs || gy.Length < outputs)
            throw new ArgumentException("The pooling buffers are smaller than the geometry says.");
        fixed (float* xs = x, ys = y, gs = gy, ds = dx)
        {
            long o = 0;
            for (int n = 0; n < g.Batch; n++)
                for (int oh = 0; oh < g.OutHeight; oh++)
                {
                    long top = ((long)n * g.Height + 2 * oh) * rowStride;
                    for (int ow = 0; ow < g.OutWidth; ow++, o += c)
                    {
                        long p00 = top + 2 * ow * c, p01 = p00 + c, p10 = p00 + rowStride, p11 = p10 + c;
                        for (int k = 0; k < c; k += width)
                        {
                            Vector<float> max = Vector.Load(ys + o + k), gradient = Vector.Load(gs + o + k);
                            if (reluMasked) gradient = Vector.ConditionalSelect(Vector.GreaterThan(max, Vector<float>.Zero), gradient, Vector<float>.Zero);
                            Vector<int> maxIsNaN = ~Vector.Equals(max, max), found = Vector<int>.Zero;
                            Send(xs, ds, p00 + k, max, maxIsNaN, gradient, ref found, overwrite);
                            Send(xs, ds, p01 + k, max, maxIsNaN, gradient, ref found, overwrite);
                            Send(xs, ds, p10 + k, max, maxIsNaN, gradient, ref found, overwrite);
                            Send(xs, ds, p11 + k, max, maxIsNaN, gradient, ref found, overwrite);
                        }
                    }
                }
        }
    }

    /// <summary>One window pixel: the gradient where it holds the maximum and no earlier pixel did, else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Send(float* x, float* dx, long at, Vector<float> max, Vector<int> maxIsNaN, Vector<float> gradient, ref Vector<int> found, bool overwrite)
    {
        Vector<float> v = Vector.Load(x + at);
        Vector<int> hit = (Vector.Equals(v, max) | (maxIsNaN & ~Vector.Equals(v, v))) & ~found;
        found |= hit;
        Vector<float> share = Vector.ConditionalSelect(hit, gradient, Vector<float>.Zero);
        Vector.Store(overwrite ? share : Vector.Load(dx + at) + share, dx + at);
    }
}
