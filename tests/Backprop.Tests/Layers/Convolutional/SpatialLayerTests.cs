using Backprop.Layers;
using Backprop.Tests.Ops;

namespace Backprop.Tests.Layers.Convolutional;

public class SpatialLayerTests
{
    private static Tensor Counting(params int[] shape) => Tensor.FromArray(Enumerable.Range(1, shape.Aggregate(1, (a, b) => a * b)).Select(i => (float)i).ToArray(), shape);

    [Fact]
    public void ZeroPadding2DAddsZerosOnEachSideAsAsked()
    {
        // One 2×2 single-channel image [[1, 2], [3, 4]], one row above, none below, one column left, two right.
        Tensor y = new ZeroPadding2D((1, 0), (1, 2)).Call(Counting(1, 2, 2, 1));
        Assert.Equal([1, 3, 5, 1], y.Shape);
        Assert.Equal([0f, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 3, 4, 0, 0], y.ToArray());
        Assert.Equal([4, 4, 3], new ZeroPadding2D().ComputeOutputShape([2, 2, 3]));   // Keras's default: one on every side
    }

    [Fact]
    public void Cropping2DRemovesRowsAndColumns()
    {
        // 3×4 image 1..12: drop the first row and the last column.
        Tensor y = new Cropping2D((1, 0), (0, 1)).Call(Counting(1, 3, 4, 1));
        Assert.Equal([1, 2, 3, 1], y.Shape);
        Assert.Equal([5f, 6, 7, 9, 10, 11], y.ToArray());
        Assert.Contains("would leave nothing", Assert.Throws<ArgumentException>(() => new Cropping2D(2).Build([4, 4, 1])).Message);
    }

    [Fact]
    public void UpSampling2DRepeatsEachPixel()
    {
        Tensor y = new UpSampling2D((2, 3)).Call(Counting(1, 1, 2, 1));   // [[1, 2]] → rows of 1 1 1 2 2 2, twice
        Assert.Equal([1, 2, 6, 1], y.Shape);
        Assert.Equal([1f, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2], y.ToArray());
        Assert.Contains("'bicubic' is not implemented; 'nearest' and 'bilinear' are", Assert.Throws<ArgumentException>(() => new UpSampling2D(interpolation: "bicubic")).Message);
        Assert.Contains("Unknown interpolation 'cubic'", Assert.Throws<ArgumentException>(() => new UpSampling2D(interpolation: "cubic")).Message);
    }

    [Fact]
    public void BilinearUpSamplingUsesHalfPixelCentresAndReadsTheEdgeAtTheEdges()
    {
        // [[1, 2]] twice as wide: samples at −¼ (edge: 1), ¼, ¾ and 1¼ (edge: 2). PyTorch's bilinear interpolate with
        // align_corners=False gives the same four numbers.
        Tensor y = new UpSampling2D((1, 2), interpolation: "bilinear").Call(Counting(1, 1, 2, 1));
        Assert.Equal([1, 1, 4, 1], y.Shape);
        Assert.Equal([1f, 1.25f, 1.75f, 2f], y.ToArray());
    }

    [SkippableFact]
    public void BilinearUpSamplingAgreesWithKerasNumpyBackend()
    {
        KerasResize.Require();
        Utils.SetRandomSeed(3);
        Tensor x = Tensor.RandomUniform([2, 5, 4, 3], -2f, 7f);
        foreach ((int rows, int columns) in new[] { (2, 2), (2, 3), (3, 1), (1, 2), (4, 5) })
        {
            float[] ours = new UpSampling2D((rows, columns), interpolation: "bilinear").Call(x).ToArray();
            float[] keras = KerasResize.Run(x.ToArray(), x.Shape, rows, columns);
            Assert.Equal(keras.Length, ours.Length);
            for (int i = 0; i < ours.Length; i++)
                Assert.True(Math.Abs(ours[i] - keras[i]) <= 1e-6 * Math.Max(1, Math.Abs(keras[i])), $"size ({rows}, {columns}): value {i} is {ours[i]}, Keras's numpy backend gives {keras[i]}");
        }
        // Channels first is the permutation of channels last.
        Tensor first = Backprop.Ops.PermuteOp.Permute(x, [0, 3, 1, 2]);
        Tensor back = Backprop.Ops.PermuteOp.Permute(new UpSampling2D((2, 3), "channels_first", "bilinear").Call(first), [0, 2, 3, 1]);
        Assert.Equal(new UpSampling2D((2, 3), interpolation: "bilinear").Call(x).ToArray(), back.ToArray());
    }

    /// <summary>Bilinear upsampling in float64 as PyTorch writes it (align_corners=False): source = max(0, (o + ½)/s − ½),
    /// neighbours ⌊source⌋ and the next one clamped to the image.</summary>
    private static double[] NaiveBilinear(double[] x, int n, int h, int w, int c, int sh, int sw)
    {
        (int, int, double) Tap(int o, int scale, int size)
        {
            double source = Math.Max(0, (o + 0.5) / scale - 0.5);
            int low = Math.Min((int)Math.Floor(source), size - 1);
            return (low, Math.Min(low + 1, size - 1), source - low);
        }
        var y = new double[n * h * sh * w * sw * c];
        for (int b = 0; b < n; b++)
            for (int r = 0; r < h * sh; r++)
                for (int q = 0; q < w * sw; q++)
                {
                    var (r0, r1, fr) = Tap(r, sh, h);
                    var (q0, q1, fq) = Tap(q, sw, w);
                    for (int k = 0; k < c; k++)
                    {
                        double At(int rr, int qq) => x[((b * h + rr) * w + qq) * c + k];
                        y[((b * h * sh + r) * w * sw + q) * c + k] = (1 - fr) * ((1 - fq) * At(r0, q0) + fq * At(r0, q1)) + fr * ((1 - fq) * At(r1, q0) + fq * At(r1, q1));
                    }
                }
        return y;
    }

    [Fact]
    public void TheOneDimensionalLayersWorkAlongSteps()
    {
        Tensor x = Counting(1, 3, 2);   // steps (1, 2), (3, 4), (5, 6)
        Assert.Equal([0f, 0, 1, 2, 3, 4, 5, 6, 0, 0, 0, 0], new ZeroPadding1D((1, 2)).Call(x).ToArray());
        Assert.Equal([3f, 4], new Cropping1D().Call(x).ToArray());
        Assert.Equal([1f, 2, 1, 2, 3, 4, 3, 4, 5, 6, 5, 6], new UpSampling1D().Call(x).ToArray());
    }

    [Fact]
    public void ChannelsFirstPadsTheSpatialAxes()
    {
        Tensor y = new ZeroPadding2D(1, dataFormat: "channels_first").Call(Counting(1, 2, 1, 1));   // two channels of one pixel
        Assert.Equal([1, 2, 3, 3], y.Shape);
        Assert.Equal(1f, y[0, 0, 1, 1]);
        Assert.Equal(2f, y[0, 1, 1, 1]);
        Assert.Equal(3f, y.Sum().Item());
    }

    private static double[] NaiveUpSample(double[] x, int n, int h, int w, int c, int sh, int sw)
    {
        var y = new double[n * h * sh * w * sw * c];
        for (int b = 0; b < n; b++)
            for (int r = 0; r < h * sh; r++)
                for (int q = 0; q < w * sw; q++)
                    for (int k = 0; k < c; k++)
                        y[((b * h * sh + r) * w * sw + q) * c + k] = x[((b * h + r / sh) * w + q / sw) * c + k];
        return y;
    }

    [Fact]
    public void GradientsFlowBackThroughPaddingCroppingAndUpsampling()
    {
        GradientCheck.Check(t => new UpSampling2D((2, 3)).Call(t[0]), v => NaiveUpSample(v[0], 2, 2, 3, 2, 2, 3), [[2, 2, 3, 2]]);
        GradientCheck.Check(t => new UpSampling2D((2, 3), interpolation: "bilinear").Call(t[0]), v => NaiveBilinear(v[0], 2, 3, 4, 2, 2, 3), [[2, 3, 4, 2]]);
        GradientCheck.Check(t => new UpSampling2D((1, 2), interpolation: "bilinear").Call(t[0]), v => NaiveBilinear(v[0], 1, 2, 3, 1, 1, 2), [[1, 2, 3, 1]]);
        GradientCheck.Check(t => new UpSampling2D((3, 1), interpolation: "bilinear").Call(t[0]), v => NaiveBilinear(v[0], 1, 2, 3, 1, 3, 1), [[1, 2, 3, 1]]);
        // Padding then cropping the same amounts is the identity, gradient included.
        GradientCheck.Check(t => new Cropping2D((1, 2), (2, 0)).Call(new ZeroPadding2D((1, 2), (2, 0)).Call(t[0])), v => v[0], [[2, 3, 2, 2]]);
        GradientCheck.Check(t => new ZeroPadding2D(1).Call(t[0]).Sum(2), v =>
        {
            // Σ over the padded width equals Σ over the original width, with a zero row above and below.
            var y = new double[2 * 4 * 2];
            for (int b = 0; b < 2; b++)
                for (int r = 0; r < 2; r++)
                    for (int k = 0; k < 2; k++)
                        y[(b * 4 + r + 1) * 2 + k] = v[0][((b * 2 + r) * 3 + 0) * 2 + k] + v[0][((b * 2 + r) * 3 + 1) * 2 + k] + v[0][((b * 2 + r) * 3 + 2) * 2 + k];
            return y;
        }, [[2, 2, 3, 2]]);
    }

    [Fact]
    public void SpatialDropoutDropsWholeChannelsInTrainingOnly()
    {
        Utils.SetRandomSeed(3);
        var x = Tensor.Ones(4, 5, 5, 8);
        var layer = new SpatialDropout2D(0.5f);
        Assert.Equal(x.ToArray(), layer.Call(x).ToArray());
        Tensor y = layer.Call(x, training: true);
        float[] v = y.ToArray();
        for (int b = 0; b < 4; b++)
            for (int k = 0; k < 8; k++)
            {
                float first = v[b * 200 + k];
                Assert.True(first is 0f or 2f);
                for (int p = 0; p < 25; p++) Assert.Equal(first, v[b * 200 + p * 8 + k]);   // one value for the whole channel
            }
        Assert.Contains(0f, v);
        Assert.Contains(2f, v);
        Utils.SetRandomSeed(3);
        Assert.Equal(v, new SpatialDropout2D(0.5f).Call(x, training: true).ToArray());   // seeded
    }
}
