using Backprop.Kernels;
using Backprop.Layers;
using Backprop.Tests.Ops;

namespace Backprop.Tests.Layers.Convolutional;

public class PoolingTests
{
    private static Tensor Image(float[,] values)
    {
        int h = values.GetLength(0), w = values.GetLength(1);
        return Tensor.FromArray(values).Reshape(1, h, w, 1);
    }

    // The three examples of keras/src/layers/pooling/max_pooling2d.py's docstring, outputs worked by hand.
    [Fact]
    public void MaxPooling2DDocstringExamples()
    {
        Tensor x3 = Image(new float[,] { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 9 } });
        Assert.Equal([5f, 6, 8, 9], new MaxPooling2D(2, strides: 1).Call(x3).ToArray());
        Tensor x34 = Image(new float[,] { { 1, 2, 3, 4 }, { 5, 6, 7, 8 }, { 9, 10, 11, 12 } });
        Tensor valid = new MaxPooling2D(2, strides: 2).Call(x34);
        Assert.Equal([1, 1, 2, 1], valid.Shape);
        Assert.Equal([6f, 8], valid.ToArray());
        Tensor same = new MaxPooling2D(2, strides: 1, padding: "same").Call(x3);
        Assert.Equal([1, 3, 3, 1], same.Shape);
        Assert.Equal([5f, 6, 6, 8, 9, 9, 8, 9, 9], same.ToArray());
    }

    [Fact]
    public void AveragePoolingSameDividesByThePixelsTheWindowCovers()
    {
        // 3×3, pool 2, stride 2, "same": out 2×2, one pixel of padding after each axis, never counted.
        Tensor x = Image(new float[,] { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 9 } });
        Assert.Equal([3f, 4.5f, 7.5f, 9], new AveragePooling2D(2, padding: "same").Call(x).ToArray());
        Assert.Equal([5f, 6, 8, 9], new MaxPooling2D(2, padding: "same").Call(x).ToArray());
    }

    // keras/src/layers/pooling/average_pooling_test.py, test_average_pooling1d_same_padding: arange(24) as [2, 3, 4],
    // pool 2, stride 1: each step is the mean of it and the next, the last step alone.
    [Fact]
    public void AveragePooling1DMatchesKerasTestCase()
    {
        var x = Tensor.FromArray(Enumerable.Range(0, 24).Select(i => (float)i).ToArray(), 2, 3, 4);
        Tensor y = new AveragePooling1D(2, strides: 1, padding: "same").Call(x);
        Assert.Equal([2, 3, 4], y.Shape);
        float[] expected = new float[24];
        for (int b = 0; b < 2; b++)
            for (int t = 0; t < 3; t++)
                for (int c = 0; c < 4; c++)
                    expected[(b * 3 + t) * 4 + c] = t < 2 ? (x[b, t, c] + x[b, t + 1, c]) / 2 : x[b, t, c];
        Assert.Equal(expected, y.ToArray());
        Assert.Equal([2, 1, 4], new MaxPooling1D(2).Call(x).Shape);
    }

    private static double[] NaivePool(double[] x, int n, int h, int w, int c, int ph, int pw, int sh, int sw, string padding, bool max, out int[] shape)
    {
        var (oh, top) = NaiveConvolution.Axis(h, ph, sh, 1, padding);
        var (ow, left) = NaiveConvolution.Axis(w, pw, sw, 1, padding);
        shape = [n, oh, ow, c];
        var y = new double[n * oh * ow * c];
        for (int b = 0; b < n; b++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                    for (int k = 0; k < c; k++)
                    {
                        double acc = max ? double.NegativeInfinity : 0;
                        int count = 0;
                        for (int a = 0; a < ph; a++)
                            for (int q = 0; q < pw; q++)
                            {
                                int hi = i * sh - top + a, wi = j * sw - left + q;
                                if (hi < 0 || hi >= h || wi < 0 || wi >= w) continue;
                                double v = x[((b * h + hi) * w + wi) * c + k];
                                acc = max ? Math.Max(acc, v) : acc + v;
                                count++;
                            }
                        y[((b * oh + i) * ow + j) * c + k] = max ? acc : acc / count;
                    }
        return y;
    }

    [Theory]
    [InlineData(5, 5, 2, 2, 2, 2, "valid", true)]
    [InlineData(5, 5, 2, 2, 2, 2, "same", true)]
    [InlineData(6, 5, 3, 3, 3, 2, "same", true)]
    [InlineData(7, 7, 1, 3, 2, 1, "valid", false)]
    [InlineData(5, 6, 2, 3, 3, 2, "same", false)]
    [InlineData(1, 1, 2, 2, 2, 2, "same", false)]
    [InlineData(4, 4, 2, 1, 1, 3, "valid", true)]
    public void PoolingForwardAndGradientsMatchANaiveFloat64Reference(int h, int w, int c, int ph, int pw, int s, string padding, bool max)
    {
        const int n = 2;
        var (oh, top) = NaiveConvolution.Axis(h, ph, s, 1, padding);
        var (ow, left) = NaiveConvolution.Axis(w, pw, s, 1, padding);
        var g = new ConvolutionGeometry(n, h, w, c, ph, pw, s, s, 1, 1, top, left, oh, ow);
        GradientCheck.Check(
            t => max ? Backprop.Ops.PoolingOps.MaxPool2D(t[0], g) : Backprop.Ops.PoolingOps.AveragePool2D(t[0], g),
            v => NaivePool(v[0], n, h, w, c, ph, pw, s, s, padding, max, out _),
            [[n, h, w, c]]);
        BasePooling layer = max ? new MaxPooling2D((ph, pw), strides: s, padding: padding) : new AveragePooling2D((ph, pw), strides: s, padding: padding);
        Assert.Equal([oh, ow, c], layer.ComputeOutputShape([h, w, c]));
    }

    [Fact]
    public void MaxPoolingSendsTheGradientToTheFirstMaximumOfATie()
    {
        var x = Tensor.FromArray([1f, 3, 3, 2], 1, 2, 2, 1);
        x.RequiresGrad = true;
        new MaxPooling2D(2).Call(x).Sum().Backward();
        Assert.Equal([0f, 1, 0, 0], x.Grad!.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GlobalPoolingReducesEverySpatialAxis(bool keepdims)
    {
        var x = Tensor.FromArray(Enumerable.Range(0, 2 * 3 * 2 * 4).Select(i => (float)i).ToArray(), 2, 3, 2, 4);
        Tensor mean = new GlobalAveragePooling2D(keepdims: keepdims).Call(x), max = new GlobalMaxPooling2D(keepdims: keepdims).Call(x);
        Assert.Equal(keepdims ? [2, 1, 1, 4] : [2, 4], mean.Shape);
        // Sample b, channel k: values b·24 + p·4 + k for the six pixels p: mean b·24 + 10 + k, max b·24 + 20 + k.
        Assert.Equal(new[] { 10f, 11, 12, 13, 34, 35, 36, 37 }, mean.ToArray());
        Assert.Equal(new[] { 20f, 21, 22, 23, 44, 45, 46, 47 }, max.ToArray());
        Tensor first = new GlobalAveragePooling1D(dataFormat: "channels_first").Call(Tensor.FromArray([1f, 2, 3, 4, 5, 6], 1, 2, 3));
        Assert.Equal([2f, 5], first.ToArray());
    }

    [Fact]
    public void BadPoolingArgumentsAreRefused()
    {
        Assert.Contains("pool_size must be 2 positive numbers", Assert.Throws<ArgumentException>(() => new MaxPooling2D(0)).Message);
        Assert.Contains("Unknown padding 'causal'", Assert.Throws<ArgumentException>(() => new MaxPooling1D(2, padding: "causal")).Message);
        Assert.Contains("expects inputs of rank 4", Assert.Throws<ArgumentException>(() => new MaxPooling2D().Build([28, 28])).Message);
        Assert.Contains("Computed output size would be zero or negative", Assert.Throws<ArgumentException>(() => new MaxPooling2D(3).Build([2, 8, 1])).Message);
    }
    [Theory]
    [InlineData(8, 7, 2, 3, "valid")]   // stride past the window: rows and columns no window covers
    [InlineData(6, 6, 2, 2, "valid")]   // tiling windows
    [InlineData(7, 5, 3, 3, "same")]    // windows clipped by the padding
    [InlineData(9, 4, 1, 2, "valid")]
    public void MaxBackwardWrittenWholeEqualsTheAddedGradientOnACleanBuffer(int h, int w, int pool, int stride, string padding)
    {
        const int n = 2, c = 19;   // channels past a vector's width and a tail
        var random = new Random(7);
        ConvolutionGeometry g = ConvolutionGeometry.For(n, [h, w, c], pool, pool, stride, stride, 1, 1, padding);
        Assert.True(Pooling.WindowsDisjoint(g));
        float[] x = [.. Enumerable.Range(0, n * h * w * c).Select(_ => (float)Math.Round(random.NextDouble() * 4))];   // ties in a window
        x[5] = float.NaN;
        var y = new float[n * g.OutHeight * g.OutWidth * c];
        float[] gy = [.. y.Select(_ => (float)random.NextDouble())];
        Pooling.MaxForward(x, g, y);
        var added = new float[x.Length];
        Pooling.MaxBackward(x, y, gy, g, added);
        float[] written = [.. Enumerable.Repeat(float.NaN, x.Length)];   // a recycled buffer's stale values
        Pooling.MaxBackward(x, y, gy, g, written, overwrite: true);
        Assert.Equal(added, written);
    }

    [Theory]
    [InlineData(8, 7, 2, 3, "valid")]
    [InlineData(6, 6, 2, 2, "valid")]
    [InlineData(7, 5, 3, 3, "same")]
    [InlineData(9, 4, 1, 2, "valid")]
    public void MaxBackwardReluMaskedEqualsReluBackwardOfTheWrittenGradient(int h, int w, int pool, int stride, string padding)
    {
        const int n = 2, c = 19;
        var random = new Random(11);
        ConvolutionGeometry g = ConvolutionGeometry.For(n, [h, w, c], pool, pool, stride, stride, 1, 1, padding);
        // Relu outputs have many zeros, whole windows of them among others; negatives, -0 and NaN stand for any input.
        float[] x = [.. Enumerable.Range(0, n * h * w * c).Select(_ => random.Next(6) switch { 0 or 1 => 0f, 2 => -1f - random.Next(3), 3 => -0f, _ => random.Next(4) })];
        x[5] = float.NaN;
        x[c + 3] = float.NaN;
        var y = new float[n * g.OutHeight * g.OutWidth * c];
        float[] gy = [.. y.Select(_ => (float)random.NextDouble() - 0.5f)];
        gy[1] = -0f;
        gy[2] = float.NaN;
        Pooling.MaxForward(x, g, y);
        float[] written = [.. Enumerable.Repeat(float.NaN, x.Length)];
        Pooling.MaxBackward(x, y, gy, g, written, overwrite: true);
        var expected = new float[x.Length];
        ActivationKernels.ReluBackward(x, written, expected);
        float[] masked = [.. Enumerable.Repeat(float.NaN, x.Length)];
        Pooling.MaxBackward(x, y, gy, g, masked, overwrite: true, reluMasked: true);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), masked.Select(BitConverter.SingleToInt32Bits));   // -0 and NaN bits too
        Assert.Contains(masked, v => v != 0f);
        Assert.Throws<ArgumentException>(() => Pooling.MaxBackward(x, y, gy, g, masked, overwrite: false, reluMasked: true));
    }

    // The 2×2, stride-2 loops (Pooling2x2, taken when the channels are whole vectors) against the rules written out
    // scalar by scalar: the window row by row, a value not ≤ the maximum so far replacing it (NaN wins), the first pixel
    // equal to the maximum (or the first NaN) receiving the gradient. Odd sizes leave a row and a column no window covers.
    [Theory]
    [InlineData(6, 6, 16)]
    [InlineData(7, 5, 8)]
    [InlineData(26, 26, 32)]
    public void TwoByTwoPoolingFollowsTheScalarRules(int h, int w, int c)
    {
        const int n = 3;
        var random = new Random(h * w + c);
        ConvolutionGeometry g = ConvolutionGeometry.For(n, [h, w, c], 2, 2, 2, 2, 1, 1, "valid");
        Assert.True(Pooling2x2.Applies(g));
        float[] special = [float.NaN, float.NegativeInfinity, -0f, 0f, 1f];
        float[] x = [.. Enumerable.Range(0, n * h * w * c).Select(_ => random.Next(8) < 2 ? special[random.Next(special.Length)] : random.Next(3) - 1f)];
        int outputs = n * g.OutHeight * g.OutWidth * c;
        float[] gy = [.. Enumerable.Range(0, outputs).Select(_ => (float)random.NextDouble() - 0.5f)];
        var y = new float[outputs];
        Pooling.MaxForward(x, g, y);
        var expectedY = new float[outputs];
        var firstMax = new int[outputs];
        for (int b = 0, o = 0; b < n; b++)
            for (int oh = 0; oh < g.OutHeight; oh++)
                for (int ow = 0; ow < g.OutWidth; ow++)
                    for (int k = 0; k < c; k++, o++)
                    {
                        float m = float.NegativeInfinity;
                        int[] pixels = [.. from i in new[] { 0, 1 } from j in new[] { 0, 1 } select ((b * h + 2 * oh + i) * w + 2 * ow + j) * c + k];
                        foreach (int at in pixels) if (!(x[at] <= m)) m = x[at];
                        expectedY[o] = m;
                        firstMax[o] = pixels.First(at => x[at] == m || (float.IsNaN(m) && float.IsNaN(x[at])));
                    }
        Assert.Equal(expectedY.Select(BitConverter.SingleToInt32Bits), y.Select(BitConverter.SingleToInt32Bits));
        foreach (bool relu in new[] { false, true })
        {
            var expected = new float[x.Length];
            for (int o = 0; o < outputs; o++) expected[firstMax[o]] = relu && !(y[o] > 0f) ? 0f : gy[o];
            float[] written = [.. Enumerable.Repeat(float.NaN, x.Length)];
            Pooling.MaxBackward(x, y, gy, g, written, overwrite: true, reluMasked: relu);
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), written.Select(BitConverter.SingleToInt32Bits));
        }
        float[] added = [.. Enumerable.Repeat(0.25f, x.Length)], expectedAdded = [.. added];
        for (int o = 0; o < outputs; o++) expectedAdded[firstMax[o]] += gy[o];
        Pooling.MaxBackward(x, y, gy, g, added);
        Assert.Equal(expectedAdded.Select(BitConverter.SingleToInt32Bits), added.Select(BitConverter.SingleToInt32Bits));
    }
}
