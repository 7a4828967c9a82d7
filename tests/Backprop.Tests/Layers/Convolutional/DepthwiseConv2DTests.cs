using Backprop.Layers;
using Backprop.Tests.Ops;

namespace Backprop.Tests.Layers.Convolutional;

public class DepthwiseConv2DTests
{
    /// <summary>y[n, i, j, c·m + k] = b[c·m + k] + Σ_a Σ_q x[n, i·s − top + a·d, j·s − left + q·d, c] · W[a, q, c, k], written
    /// from Keras's definition (each channel with its own depth_multiplier kernels), not from grouped convolution.</summary>
    private static double[] Naive(double[] x, int n, int h, int w, int c, double[] kernel, int kh, int kw, int m, double[] b, int s, int d, string padding)
    {
        var (oh, top) = NaiveConvolution.Axis(h, kh, s, d, padding);
        var (ow, left) = NaiveConvolution.Axis(w, kw, s, d, padding);
        var y = new double[n * oh * ow * c * m];
        for (int b0 = 0; b0 < n; b0++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                    for (int ch = 0; ch < c; ch++)
                        for (int k = 0; k < m; k++)
                        {
                            double sum = b[ch * m + k];
                            for (int a = 0; a < kh; a++)
                                for (int q = 0; q < kw; q++)
                                {
                                    int hi = i * s - top + a * d, wi = j * s - left + q * d;
                                    if (hi >= 0 && hi < h && wi >= 0 && wi < w)
                                        sum += x[((b0 * h + hi) * w + wi) * c + ch] * kernel[((a * kw + q) * c + ch) * m + k];
                                }
                            y[(((b0 * oh + i) * ow + j) * c + ch) * m + k] = sum;
                        }
        return y;
    }

    [Theory]
    [InlineData(6, 5, 3, 3, 3, 1, 1, 1, "valid")]
    [InlineData(6, 6, 2, 3, 2, 2, 2, 1, "same")]
    [InlineData(7, 7, 2, 3, 3, 1, 1, 2, "same")]
    public void ForwardAndGradientsMatchTheDefinition(int h, int w, int c, int kh, int kw, int m, int s, int d, string padding)
    {
        const int n = 2;
        Utils.SetRandomSeed(8);
        var layer = new DepthwiseConv2D((kh, kw), strides: s, padding: padding, depthMultiplier: m, dilationRate: d, biasInitializer: "random_normal");
        var x = Tensor.RandomNormal([n, h, w, c]);
        Tensor y = layer.Call(x);
        double[] expected = Naive(x.ToArray().Select(v => (double)v).ToArray(), n, h, w, c, layer.Kernel.ToArray().Select(v => (double)v).ToArray(), kh, kw, m,
            layer.Bias!.ToArray().Select(v => (double)v).ToArray(), s, d, padding);
        Assert.Equal([kh, kw, c, m], layer.Kernel.Shape);
        Assert.Equal(y.Shape[1..], layer.ComputeOutputShape([h, w, c]));
        float[] actual = y.ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < actual.Length; i++) GradientCheck.AssertClose(expected[i], actual[i], $"output {i}");
        // Gradients of input, kernel and bias through the op the layer uses, against the definition by finite differences.
        var (oh, top) = NaiveConvolution.Axis(h, kh, s, d, padding);
        var (ow, left) = NaiveConvolution.Axis(w, kw, s, d, padding);
        var g = new Backprop.Kernels.ConvolutionGeometry(n, h, w, c, kh, kw, s, s, d, d, top, left, oh, ow);
        GradientCheck.Check(
            t => Backprop.Ops.ConvolutionOps.Conv2D(t[0], t[1].Reshape(kh, kw, 1, c * m), t[2], g, c, Backprop.Ops.FusedActivation.Linear),
            v => Naive(v[0], n, h, w, c, v[1], kh, kw, m, v[2], s, d, padding),
            [[n, h, w, c], [kh, kw, c, m], [c * m]]);
    }

    [Theory]
    [InlineData(6, 5, 2, 3, 2, 1, 1, "valid")]
    [InlineData(7, 6, 3, 3, 1, 2, 1, "same")]
    public void SeparableConvolutionIsTheDepthwiseThenAPointwiseConvolution(int h, int w, int c, int k, int m, int s, int d, string padding)
    {
        const int n = 2, filters = 4;
        Utils.SetRandomSeed(9);
        var layer = new SeparableConv2D(filters, k, strides: s, padding: padding, dilationRate: d, depthMultiplier: m, biasInitializer: "random_normal");
        var x = Tensor.RandomNormal([n, h, w, c]);
        Tensor y = layer.Call(x);
        Assert.Equal([k, k, c, m], layer.DepthwiseKernel.Shape);
        Assert.Equal([1, 1, c * m, filters], layer.PointwiseKernel.Shape);
        double[] Doubles(Tensor t) => t.ToArray().Select(v => (double)v).ToArray();
        double[] mid = Naive(Doubles(x), n, h, w, c, Doubles(layer.DepthwiseKernel), k, k, m, new double[c * m], s, d, padding);
        var (oh, _) = NaiveConvolution.Axis(h, k, s, d, padding);
        var (ow, _) = NaiveConvolution.Axis(w, k, s, d, padding);
        double[] expected = NaiveConvolution.Conv2D(mid, [n, oh, ow, c * m], Doubles(layer.PointwiseKernel), [1, 1, c * m, filters], Doubles(layer.Bias!), (1, 1), (1, 1), "valid", 1, out int[] shape);
        Assert.Equal(shape, y.Shape);
        Assert.Equal(shape[1..], layer.ComputeOutputShape([h, w, c]));
        float[] actual = y.ToArray();
        for (int i = 0; i < actual.Length; i++) GradientCheck.AssertClose(expected[i], actual[i], $"output {i}");
        // Gradients reach all three weights.
        layer.Call(x).Sum().Backward();
        Assert.All(new[] { layer.DepthwiseKernel, layer.PointwiseKernel, layer.Bias! }, t => Assert.Contains(t.Grad!.ToArray(), v => v != 0f));
    }

    [Fact]
    public void BadArgumentsAreRefusedWithKerasReasons()
    {
        Assert.Contains("depth_multiplier must be positive, got 0", Assert.Throws<ArgumentException>(() => new DepthwiseConv2D(3, depthMultiplier: 0)).Message);
        Assert.Contains("not supported with dilation_rate > 1", Assert.Throws<ArgumentException>(() => new DepthwiseConv2D(3, strides: 2, dilationRate: 2)).Message);
        Assert.Contains("Unknown padding 'causal'", Assert.Throws<ArgumentException>(() => new SeparableConv2D(4, 3, padding: "causal")).Message);
        Assert.Contains("kernel_size must be positive, got (0, 0)", Assert.Throws<ArgumentException>(() => new SeparableConv2D(4, 0)).Message);
        Assert.Contains("positive number of filters, got 0", Assert.Throws<ArgumentException>(() => new SeparableConv2D(0, 3)).Message);
        Assert.Contains("expects inputs of rank 4, got (None, 8, 3)", Assert.Throws<ArgumentException>(() => new DepthwiseConv2D(3).Build([8, 3])).Message);
        Assert.Contains("Computed output size would be zero or negative", Assert.Throws<ArgumentException>(() => new SeparableConv2D(4, 5).Build([3, 8, 2])).Message);
    }
}
