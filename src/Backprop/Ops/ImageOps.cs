using Backprop.Autograd;

namespace Backprop.Ops;

/// <summary>Spatial rearrangements of channels-last images [N, H, W, C]: zero padding, cropping, nearest-neighbour and bilinear
/// upsampling and flips, each the other's transpose in its backward. Rows of W·C values are contiguous, so each moves as a block.</summary>
internal static class ImageOps
{
    /// <summary>Zeros around each image: <paramref name="top"/>, <paramref name="bottom"/> rows and <paramref name="left"/>,
    /// <paramref name="right"/> columns. Backward: the gradient cropped back.</summary>
    public static Tensor Pad(Tensor x, int top, int bottom, int left, int right)
    {
        int n = x.Dim(0), h = x.Dim(1), w = x.Dim(2), c = x.Dim(3);
        var y = new Tensor([n, h + top + bottom, w + left + right, c]);
        Copy(x.Span, y.Span, n, h, w, c, h + top + bottom, w + left + right, top, left, toLarger: true);
        if (!GraphWalk.ShouldRecord(x)) return y;
        return GraphWalk.Record(y, [x], g =>
        {
            Tensor gx = Tensor.Uninitialized(x.ShapeRef);
            Copy(g.Span, gx.Span, n, h, w, c, h + top + bottom, w + left + right, top, left, toLarger: false);
            GraphWalk.Accumulate(x, gx);
        });
    }

    /// <summary>Each image without its first <paramref name="top"/> and last <paramref name="bottom"/> rows and its first
    /// <paramref name="left"/> and last <paramref name="right"/> columns. Backward: the gradient padded back with zeros.</summary>
    public static Tensor Crop(Tensor x, int top, int bottom, int left, int right)
    {
        int n = x.Dim(0), h = x.Dim(1), w = x.Dim(2), c = x.Dim(3), oh = h - top - bottom, ow = w - left - right;
        Tensor y = Tensor.Uninitialized([n, oh, ow, c]);
        Copy(x.Span, y.Span, n, oh, ow, c, h, w, top, left, toLarger: false);
        if (!GraphWalk.ShouldRecord(x)) return y;
        return GraphWalk.Record(y, [x], g =>
        {
            var gx = new Tensor(x.ShapeRef);
            Copy(g.Span, gx.Span, n, oh, ow, c, h, w, top, left, toLarger: true);
            GraphWalk.Accumulate(x, gx);
        });
    }

    /// <summary>Copies between an image of size (h, w) and the (h, w) window at (top, left) of a larger (bigH, bigW) image:
    /// into the window when <paramref name="toLarger"/>, out of it otherwise.</summary>
    private static void Copy(ReadOnlySpan<float> source, Span<float> target, int n, int h, int w, int c, int bigH, int bigW, int top, int left, bool toLarger)
    {
        int row = w * c;
        for (int i = 0; i < n; i++)
            for (int r = 0; r < h; r++)
            {
                int small = (i * h + r) * row, large = ((i * bigH + r + top) * bigW + left) * c;
                if (toLarger) source.Slice(small, row).CopyTo(target.Slice(large, row));
                else source.Slice(large, row).CopyTo(target.Slice(small, row));
            }
    }

    /// <summary>Each pixel repeated <paramref name="rows"/> × <paramref name="columns"/> times (Keras's UpSampling2D,
    /// "nearest"). Backward: each output block's gradients summed into its pixel.</summary>
    public static Tensor UpSampleNearest(Tensor x, int rows, int columns)
    {
        int n = x.Dim(0), h = x.Dim(1), w = x.Dim(2), c = x.Dim(3), oh = h * rows, ow = w * columns;
        Tensor y = Tensor.Uninitialized([n, oh, ow, c]);
        ReadOnlySpan<float> xs = x.Span;
        Span<float> ys = y.Span;
        for (int i = 0; i < n; i++)
            for (int r = 0; r < oh; r++)
                for (int q = 0; q < ow; q++)
                    xs.Slice(((i * h + r / rows) * w + q / columns) * c, c).CopyTo(ys.Slice(((i * oh + r) * ow + q) * c, c));
        if (!GraphWalk.ShouldRecord(x)) return y;
        return GraphWalk.Record(y, [x], g =>
        {
            var gx = new Tensor(x.ShapeRef);
            ReadOnlySpan<float> gs = g.Span;
            Span<float> d = gx.Span;
            for (int i = 0; i < n; i++)
                for (int r = 0; r < oh; r++)
                    for (int q = 0; q < ow; q++)
                    {
                        Span<float> target = d.Slice(((i * h + r / rows) * w + q / columns) * c, c);
                        Kernels.KernelBackend.Current.Binary<Kernels.AddOperator>(target, gs.Slice(((i * oh + r) * ow + q) * c, c), target);
                    }
            GraphWalk.Accumulate(x, gx);
        });
    }

    /// <summary>
    /// Keras's UpSampling2D with interpolation "bilinear": <c>ops.image.resize</c> to (h·rows, w·columns), half-pixel
    /// centres, no antialiasing (upsampling needs none). Output row r samples input row (r + ½)/rows − ½ with the triangle
    /// kernel, weights normalised over the rows inside the image, as Keras's numpy backend builds them
    /// (<c>_compute_weight_mat</c>, in float64, then float32); at the edges this reads the edge row. Rows are resampled
    /// first, then columns, as Keras contracts the axes in that order. Backward: the transposed passes.
    /// </summary>
    public static Tensor UpSampleBilinear(Tensor x, int rows, int columns)
    {
        int n = x.Dim(0), h = x.Dim(1), w = x.Dim(2), c = x.Dim(3), oh = h * rows, ow = w * columns;
        LinearTaps down = LinearTaps.For(h, oh), across = LinearTaps.For(w, ow);
        // Keras resizes only the axes whose size changes; a factor of 1 leaves its axis untouched (Inf and NaN included).
        Tensor tall = rows == 1 ? x : Tensor.Uninitialized([n, oh, w, c]), y = Tensor.Uninitialized([n, oh, ow, c]);
        if (rows != 1) Resample(x.Span, tall.Span, n, h, down, w * c);
        if (columns != 1) Resample(tall.Span, y.Span, n * oh, w, across, c);
        else tall.Span.CopyTo(y.Span);
        if (!GraphWalk.ShouldRecord(x)) return y;
        return GraphWalk.Record(y, [x], g =>
        {
            var gTall = columns == 1 ? g.Clone() : new Tensor([n, oh, w, c]);
            if (columns != 1) ResampleTransposed(g.Span, gTall.Span, n * oh, w, across, c);
            Tensor gx = rows == 1 ? gTall : new Tensor(x.ShapeRef);
            if (rows != 1) ResampleTransposed(gTall.Span, gx.Span, n, h, down, w * c);
            GraphWalk.Accumulate(x, gx);
        });
    }

    /// <summary>For each output index along one axis: the two input indices it reads and their weights (the second 0 where
    /// one suffices).</summary>
    private readonly record struct LinearTaps(int[] Low, int[] High, float[] LowWeight, float[] HighWeight)
    {
        public static LinearTaps For(int input, int output)
        {
            var taps = new LinearTaps(new int[output], new int[output], new float[output], new float[output]);
            double inverseScale = 1.0 / ((double)output / input);
            for (int o = 0; o < output; o++)
            {
                double sample = (o + 0.5) * inverseScale - 0.5;
                int low = (int)Math.Floor(sample);
                // Triangle-kernel weights of the two neighbours, those outside the image dropped, then normalised.
                double lowWeight = low >= 0 ? 1 - Math.Abs(sample - low) : 0, highWeight = low + 1 < input ? 1 - Math.Abs(sample - (low + 1)) : 0;
                double total = lowWeight + highWeight;
                (taps.Low[o], taps.High[o]) = (Math.Max(low, 0), Math.Min(low + 1, input - 1));
                (taps.LowWeight[o], taps.HighWeight[o]) = ((float)(lowWeight / total), (float)(highWeight / total));
            }
            return taps;
        }
    }

    /// <summary>Along the middle axis of [outer, size, inner] data: target[o, t, :] = wLow·source[o, low, :] + wHigh·source[o, high, :].</summary>
    private static void Resample(ReadOnlySpan<float> source, Span<float> target, int outer, int size, LinearTaps taps, int inner)
    {
        int outputs = taps.Low.Length;
        for (int o = 0; o < outer; o++)
            for (int t = 0; t < outputs; t++)
            {
                ReadOnlySpan<float> low = source.Slice((o * size + taps.Low[t]) * inner, inner), high = source.Slice((o * size + taps.High[t]) * inner, inner);
                Span<float> into = target.Slice((o * outputs + t) * inner, inner);
                float a = taps.LowWeight[t], b = taps.HighWeight[t];
                for (int k = 0; k < inner; k++) into[k] = a * low[k] + b * high[k];
            }
    }

    /// <summary>The transpose of <see cref="Resample"/>: each output's gradient added back into the two indices it read.</summary>
    private static void ResampleTransposed(ReadOnlySpan<float> gradient, Span<float> target, int outer, int size, LinearTaps taps, int inner)
    {
        int outputs = taps.Low.Length;
        for (int o = 0; o < outer; o++)
            for (int t = 0; t < outputs; t++)
            {
                ReadOnlySpan<float> g = gradient.Slice((o * outputs + t) * inner, inner);
                Span<float> low = target.Slice((o * size + taps.Low[t]) * inner, inner), high = target.Slice((o * size + taps.High[t]) * inner, inner);
                float a = taps.LowWeight[t], b = taps.HighWeight[t];
                for (int k = 0; k < inner; k++) low[k] += a * g[k];
                for (int k = 0; k < inner; k++) high[k] += b * g[k];
            }
    }

    /// <summary>Images [N, H, W, C] with those whose <paramref name="flips"/> entry is set mirrored left-right
    /// (<paramref name="horizontal"/>) and/or top-bottom (<paramref name="vertical"/>). Backward: the same mirroring.</summary>
    public static Tensor Flip(Tensor x, bool[] flips, bool horizontal, bool vertical)
    {
        Tensor y = Tensor.Uninitialized(x.ShapeRef);
        Mirror(x.Span, y.Span, x.ShapeRef, flips, horizontal, vertical);
        if (!GraphWalk.ShouldRecord(x)) return y;
        return GraphWalk.Record(y, [x], g =>
        {
            Tensor gx = Tensor.Uninitialized(x.ShapeRef);
            Mirror(g.Span, gx.Span, x.ShapeRef, flips, horizontal, vertical);
            GraphWalk.Accumulate(x, gx);
        });
    }

    private static void Mirror(ReadOnlySpan<float> source, Span<float> target, int[] shape, bool[] flips, bool horizontal, bool vertical)
    {
        int n = shape[0], h = shape[1], w = shape[2], c = shape[3];
        for (int i = 0; i < n; i++)
            for (int r = 0; r < h; r++)
                for (int q = 0; q < w; q++)
                {
                    int fromR = flips[i] && vertical ? h - 1 - r : r, fromQ = flips[i] && horizontal ? w - 1 - q : q;
                    source.Slice(((i * h + fromR) * w + fromQ) * c, c).CopyTo(target.Slice(((i * h + r) * w + q) * c, c));
                }
    }
}
