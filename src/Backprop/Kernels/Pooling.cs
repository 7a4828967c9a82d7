using System.Numerics;
using System.Runtime.CompilerServices;

namespace Backprop.Kernels;

/// <summary>
/// Max and average pooling over channels-last images, direct loops over each window (a window is a few pixels, and
/// the channel axis, contiguous, is the one the inner loop walks). Padding is never part of a window: a max ignores it,
/// and an average divides by the pixels of the image it covers, as TensorFlow's pooling does for Keras's "same".
/// </summary>
internal static class Pooling
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MaxForward(ReadOnlySpan<float> x, in ConvolutionGeometry g, Span<float> y)
    {
        if (Pooling2x2.Applies(g))
        {
            Pooling2x2.MaxForward(x, g, y);
            return;
        }
        int c = g.Channels, vectors = c / Vector<float>.Count * Vector<float>.Count;
        for (int n = 0, o = 0; n < g.Batch; n++)
            for (int oh = 0; oh < g.OutHeight; oh++)
                for (int ow = 0; ow < g.OutWidth; ow++, o += c)
                {
                    Span<float> output = y.Slice(o, c);
                    output.Fill(float.NegativeInfinity);
                    (int h0, int h1, int w0, int w1) = Window(g, oh, ow);
                    for (int h = h0; h < h1; h++)
                        for (int w = w0; w < w1; w++)
                        {
                            ReadOnlySpan<float> input = x.Slice(((n * g.Height + h) * g.Width + w) * c, c);
                            // A value that is not ≤ the maximum so far replaces it: NaN wins, as TensorFlow's max pooling propagates it.
                            for (int k = 0; k < vectors; k += Vector<float>.Count)
                            {
                                Vector<float> v = new(input[k..]), m = new(output[k..]);
                                Vector.ConditionalSelect(Vector.LessThanOrEqual(v, m), m, v).CopyTo(output[k..]);
                            }
                            for (int k = vectors; k < c; k++) if (!(input[k] <= output[k])) output[k] = input[k];
                        }
                }
    }

    /// <summary>Whether no two windows share a pixel (stride at least the window on both axes, as for Keras's default
    /// pooling): then each pixel's gradient comes from one window at most and can be written rather than added.</summary>
    public static bool WindowsDisjoint(in ConvolutionGeometry g) => g.StrideHeight >= g.KernelHeight && g.StrideWidth >= g.KernelWidth;

    /// <summary>dx += g at the first position of each window holding its maximum (the same rule for every thread count
    /// and a NaN maximum). With <paramref name="overwrite"/> (only for <see cref="WindowsDisjoint"/> windows) dx is
    /// written whole instead — g or 0 in each window, 0 at pixels no window covers — so it need not be cleared first.
    /// With <paramref name="reluMasked"/> a window whose maximum is not positive (0, or NaN) sends 0 instead of g: dx is
    /// then exactly what relu's derivative at x would make of it (zero wherever x is not positive), as a convolution
    /// with a fused relu would compute in a pass of its own.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MaxBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> gy, in ConvolutionGeometry g, Span<float> dx, bool overwrite = false, bool reluMasked = false)
    {
        if (reluMasked && !overwrite) throw new ArgumentException("A relu-masked max-pooling gradient must be written whole (overwrite).", nameof(reluMasked));
        if (overwrite) ClearUncovered(g, dx);
        if (Pooling2x2.Applies(g))
        {
            Pooling2x2.MaxBackward(x, y, gy, g, dx, overwrite, reluMasked);
            return;
        }
        int c = g.Channels, vectors = c / Vector<float>.Count * Vector<float>.Count;
        for (int n = 0, o = 0; n < g.Batch; n++)
            for (int oh = 0; oh < g.OutHeight; oh++)
                for (int ow = 0; ow < g.OutWidth; ow++, o += c)
                {
                    (int h0, int h1, int w0, int w1) = Window(g, oh, ow);
                    for (int k = 0; k < vectors; k += Vector<float>.Count)
                    {
                        Vector<float> max = new(y[(o + k)..]), gradient = new(gy[(o + k)..]);
                        if (reluMasked) gradient = Vector.ConditionalSelect(Vector.GreaterThan(max, Vector<float>.Zero), gradient, Vector<float>.Zero);
                        Vector<int> maxIsNaN = ~Vector.Equals(max, max), found = Vector<int>.Zero;
                        for (int h = h0; h < h1; h++)
                            for (int w = w0; w < w1; w++)
                            {
                                int at = ((n * g.Height + h) * g.Width + w) * c + k;
                                Vector<float> v = new(x[at..]);
                                Vector<int> hit = (Vector.Equals(v, max) | (maxIsNaN & ~Vector.Equals(v, v))) & ~found;
                                found |= hit;
                                Vector<float> share = Vector.ConditionalSelect(hit, gradient, Vector<float>.Zero);
                                (overwrite ? share : new Vector<float>(dx[at..]) + share).CopyTo(dx[at..]);
                            }
                    }
                    for (int k = vectors; k < c; k++)
                    {
                        float max = y[o + k], gradient = reluMasked && !(max > 0f) ? 0f : gy[o + k];
                        bool nan = float.IsNaN(max), found = false;
                        for (int h = h0; h < h1; h++)
                            for (int w = w0; w < w1; w++)
                            {
                                int at = ((n * g.Height + h) * g.Width + w) * c + k;
                                bool hit = !found && (x[at] == max || (nan && float.IsNaN(x[at])));
                                found |= hit;
                                if (overwrite) dx[at] = hit ? gradient : 0f;
                                else if (hit) dx[at] += gradient;
                            }
                    }
                }
    }

    /// <summary>Zeros the pixels of each image that no window covers (rows or columns past the last window, or between
    /// windows when the stride exceeds the window).</summary>
    private static void ClearUncovered(in ConvolutionGeometry g, Span<float> dx)
    {
        int c = g.Channels;
        if (Pooling2x2.Applies(g))
        {
            // Only the rows and columns past the last window: none for an even image.
            for (int n = 0; n < g.Batch; n++)
                for (int h = 0; h < g.Height; h++)
                {
                    Span<float> row = dx.Slice((n * g.Height + h) * g.Width * c, g.Width * c);
                    if (h >= 2 * g.OutHeight) row.Clear();
                    else row[(2 * g.OutWidth * c)..].Clear();
                }
            return;
        }
        for (int n = 0; n < g.Batch; n++)
            for (int h = 0; h < g.Height; h++)
            {
                Span<float> row = dx.Slice((n * g.Height + h) * g.Width * c, g.Width * c);
                if (!Covered(h, g.PadTop, g.StrideHeight, g.KernelHeight, g.OutHeight)) { row.Clear(); continue; }
                for (int w = 0; w < g.Width; w++)
                    if (!Covered(w, g.PadLeft, g.StrideWidth, g.KernelWidth, g.OutWidth)) row.Slice(w * c, c).Clear();
            }
    }

    private static bool Covered(int at, int pad, int stride, int kernel, int outputs)
    {
        int shifted = at + pad;
        return shifted / stride < outputs && shifted % stride < kernel;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AverageForward(ReadOnlySpan<float> x, in ConvolutionGeometry g, Span<float> y)
    {
        int c = g.Channels;
        for (int n = 0, o = 0; n < g.Batch; n++)
            for (int oh = 0; oh < g.OutHeight; oh++)
                for (int ow = 0; ow < g.OutWidth; ow++, o += c)
                {
                    Span<float> output = y.Slice(o, c);
                    output.Clear();
                    (int h0, int h1, int w0, int w1) = Window(g, oh, ow);
                    for (int h = h0; h < h1; h++)
                        for (int w = w0; w < w1; w++)
                        {
                            ReadOnlySpan<float> input = x.Slice(((n * g.Height + h) * g.Width + w) * c, c);
                            Elementwise.Binary<AddOperator>(output, input, output);
                        }
                    Elementwise.Binary<DivideOperator>(output, (float)((h1 - h0) * (w1 - w0)), output);
                }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AverageBackward(ReadOnlySpan<float> gy, in ConvolutionGeometry g, Span<float> dx)
    {
        int c = g.Channels;
        for (int n = 0, o = 0; n < g.Batch; n++)
            for (int oh = 0; oh < g.OutHeight; oh++)
                for (int ow = 0; ow < g.OutWidth; ow++, o += c)
                {
                    (int h0, int h1, int w0, int w1) = Window(g, oh, ow);
                    float count = (h1 - h0) * (w1 - w0);
                    ReadOnlySpan<float> gradient = gy.Slice(o, c);
                    for (int h = h0; h < h1; h++)
                        for (int w = w0; w < w1; w++)
                        {
                            Span<float> target = dx.Slice(((n * g.Height + h) * g.Width + w) * c, c);
                            for (int k = 0; k < c; k++) target[k] += gradient[k] / count;
                        }
                }
    }

    /// <summary>The window of output (oh, ow) clipped to the image: rows h0..h1 and columns w0..w1 (exclusive).</summary>
    private static (int H0, int H1, int W0, int W1) Window(in ConvolutionGeometry g, int oh, int ow)
    {
        int top = oh * g.StrideHeight - g.PadTop, left = ow * g.StrideWidth - g.PadLeft;
        return (Math.Max(top, 0), Math.Min(top + g.KernelHeight, g.Height), Math.Max(left, 0), Math.Min(left + g.KernelWidth, g.Width));
    }
}
