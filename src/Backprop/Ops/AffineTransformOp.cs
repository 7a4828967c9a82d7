using Backprop.Autograd;

namespace Backprop.Ops;

/// <summary>How a sample that falls outside the image is read (Keras's <c>fill_mode</c>).</summary>
internal enum FillMode
{
    /// <summary>(d c b a | a b c d | d c b a): reflected about the edge of the last pixel.</summary>
    Reflect,
    /// <summary>(a b c d | a b c d | a b c d).</summary>
    Wrap,
    /// <summary>(k k k k | a b c d | k k k k), k = the fill value.</summary>
    Constant,
    /// <summary>(a a a a | a b c d | d d d d).</summary>
    Nearest,
}

/// <summary>
/// Keras's <c>ops.image.affine_transform</c> of channels-last images [N, H, W, C], one transform per image. A transform is
/// Keras's eight numbers [a0, a1, a2, b0, b1, b2, c0, c1]: output pixel (row y, column x) reads the input at column
/// a0·x + a1·y + a2 and row b0·x + b1·y + b2 (c0 and c1, the projective part, are zero for the augmentation layers and
/// ignored here, as Keras's affine_transform does). The read follows Keras's own <c>map_coordinates</c> (the torch
/// backend's, the same as JAX's): nearest rounds half to even; bilinear takes the floor and the next index with weights
/// 1 − f and f; each index is folded into the image by the fill mode, and with "constant" a tap whose row or column is
/// outside reads the fill value. The four taps are summed in Keras's order, (row₀,col₀), (row₀,col₁), (row₁,col₀),
/// (row₁,col₁), each weighted by w_row·w_col. Backward: each tap's weight times the output gradient added into the
/// pixel it read (the fill value is a constant and takes none).
/// </summary>
internal static class AffineTransformOp
{
    public static Tensor Transform(Tensor x, float[] transforms, bool bilinear, FillMode fill, float fillValue)
    {
        int n = x.Dim(0);
        if (transforms.Length != n * 8) throw new ArgumentException($"Expected 8 numbers per image for {n} images, got {transforms.Length}.", nameof(transforms));
        Tensor y = Tensor.Uninitialized(x.ShapeRef);
        Sample(x.Span, y.Span, x.ShapeRef, transforms, bilinear, fill, fillValue);
        if (!GraphWalk.ShouldRecord(x)) return y;
        return GraphWalk.Record(y, [x], g =>
        {
            var gx = new Tensor(x.ShapeRef);
            Scatter(g.Span, gx.Span, x.ShapeRef, transforms, bilinear, fill);
            GraphWalk.Accumulate(x, gx);
        });
    }

    /// <summary>Up to two (index, weight, inside) taps along one axis for a coordinate.</summary>
    private static int Taps(float coordinate, int size, bool bilinear, FillMode fill, Span<int> index, Span<float> weight, Span<bool> inside)
    {
        if (!bilinear)
        {
            int at = (int)MathF.Round(coordinate, MidpointRounding.ToEven);
            (index[0], weight[0], inside[0]) = (Fold(at, size, fill), 1f, at >= 0 && at < size);
            return 1;
        }
        float lower = MathF.Floor(coordinate), upperWeight = coordinate - lower;
        int low = (int)lower;
        (index[0], weight[0], inside[0]) = (Fold(low, size, fill), 1f - upperWeight, low >= 0 && low < size);
        (index[1], weight[1], inside[1]) = (Fold(low + 1, size, fill), upperWeight, low + 1 >= 0 && low + 1 < size);
        return 2;
    }

    /// <summary>Keras's index fixers: an index anywhere on the line, folded into [0, size).</summary>
    internal static int Fold(int index, int size, FillMode fill)
    {
        switch (fill)
        {
            case FillMode.Wrap: return Modulo(index, size);
            case FillMode.Reflect:
                // Keras: floor((mirror(2·i + 1, 2·size + 1) − 1) / 2), mirror(i, m) = |((i + m − 1) mod 2(m − 1)) − (m − 1)|.
                // The mirrored value is odd, so never 0, and the division is exact flooring.
                int s = 2 * size;
                return (Math.Abs(Modulo(2 * index + 1 + s, 2 * s) - s) - 1) / 2;
            default: return Math.Clamp(index, 0, size - 1);   // constant reads are masked by `inside`
        }
    }

    private static int Modulo(int a, int m) => ((a % m) + m) % m;

    /// <summary>The input coordinates (row, column) of output pixel (y, x) under one transform, in float32 as Keras computes
    /// them: indices · matrix, then the offset.</summary>
    private static (float Row, float Column) Coordinates(ReadOnlySpan<float> t, int y, int x) =>
        (y * t[4] + x * t[3] + t[5], y * t[1] + x * t[0] + t[2]);

    /// <summary>What to do with each output pixel's taps: the forward reads them, the backward writes into them.</summary>
    private interface ITapVisitor
    {
        /// <summary>A new output pixel, at element <paramref name="pixel"/>.</summary>
        void Begin(int pixel);
        /// <summary>The pixel reads the input pixel at element <paramref name="read"/> with <paramref name="weight"/>.</summary>
        void Tap(int pixel, int read, float weight);
        /// <summary>With fill mode "constant", a tap outside the image: it reads the fill value.</summary>
        void Outside(int pixel, float weight);
    }

    /// <summary>Every output pixel of every image with its taps, in Keras's order (see the class summary).</summary>
    private static void Walk<TVisitor>(int[] shape, float[] transforms, bool bilinear, FillMode fill, ref TVisitor visitor)
        where TVisitor : ITapVisitor, allows ref struct
    {
        int n = shape[0], h = shape[1], w = shape[2], c = shape[3];
        Span<int> ri = stackalloc int[2], ci = stackalloc int[2];
        Span<float> rw = stackalloc float[2], cw = stackalloc float[2];
        Span<bool> rin = stackalloc bool[2], cin = stackalloc bool[2];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> t = transforms.AsSpan(i * 8, 8);
            int image = i * h * w * c;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    (float row, float column) = Coordinates(t, y, x);
                    int rows = Taps(row, h, bilinear, fill, ri, rw, rin), columns = Taps(column, w, bilinear, fill, ci, cw, cin);
                    int pixel = image + (y * w + x) * c;
                    visitor.Begin(pixel);
                    for (int a = 0; a < rows; a++)
                        for (int b = 0; b < columns; b++)
                        {
                            float weight = rw[a] * cw[b];
                            if (fill == FillMode.Constant && !(rin[a] && cin[b])) visitor.Outside(pixel, weight);
                            else visitor.Tap(pixel, image + (ri[a] * w + ci[b]) * c, weight);
                        }
                }
        }
    }

    private static void Sample(ReadOnlySpan<float> source, Span<float> target, int[] shape, float[] transforms, bool bilinear, FillMode fill, float fillValue)
    {
        var sampler = new Sampler(source, target, shape[3], fillValue);
        Walk(shape, transforms, bilinear, fill, ref sampler);
    }

    private static void Scatter(ReadOnlySpan<float> gradient, Span<float> target, int[] shape, float[] transforms, bool bilinear, FillMode fill)
    {
        var scatterer = new Scatterer(gradient, target, shape[3]);
        Walk(shape, transforms, bilinear, fill, ref scatterer);
    }

    /// <summary>Forward: each output pixel the weighted sum of its taps (the fill value for those outside).</summary>
    private ref struct Sampler(ReadOnlySpan<float> source, Span<float> target, int channels, float fillValue) : ITapVisitor
    {
        private readonly ReadOnlySpan<float> _source = source;
        private readonly Span<float> _target = target;

        public readonly void Begin(int pixel) => _target.Slice(pixel, channels).Clear();

        public readonly void Tap(int pixel, int read, float weight)
        {
            Span<float> into = _target.Slice(pixel, channels);
            ReadOnlySpan<float> from = _source.Slice(read, channels);
            for (int k = 0; k < channels; k++) into[k] += weight * from[k];
        }

        public readonly void Outside(int pixel, float weight)
        {
            Span<float> into = _target.Slice(pixel, channels);
            for (int k = 0; k < channels; k++) into[k] += weight * fillValue;
        }
    }

    /// <summary>Backward: each output pixel's gradient, weighted, added into the pixels it read (the fill takes none).</summary>
    private ref struct Scatterer(ReadOnlySpan<float> gradient, Span<float> target, int channels) : ITapVisitor
    {
        private readonly ReadOnlySpan<float> _gradient = gradient;
        private readonly Span<float> _target = target;

        public readonly void Begin(int pixel) { }

        public readonly void Tap(int pixel, int read, float weight)
        {
            Span<float> into = _target.Slice(read, channels);
            ReadOnlySpan<float> g = _gradient.Slice(pixel, channels);
            for (int k = 0; k < channels; k++) into[k] += weight * g[k];
        }

        public readonly void Outside(int pixel, float weight) { }
    }
}
