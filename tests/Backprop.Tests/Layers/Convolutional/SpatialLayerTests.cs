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
        Assert.Contains("'bilinear' is not implemented yet", Assert.Throws<ArgumentException>(() => new UpSampling2D(interpolation: "bilinear")).Message);
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
