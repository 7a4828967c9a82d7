using Backprop.Layers;
using Backprop.Tests.Ops;

namespace Backprop.Tests.Layers.Convolutional;

public class Conv1DTests
{
    /// <summary>y[n, t, f] = b[f] + Σ_k Σ_c x[n, t·s − pad + k·d, c]·W[k, c, f], with causal padding d·(k − 1) before.</summary>
    private static double[] Naive(double[] x, int n, int length, int c, double[] w, int k, int filters, double[] b, int s, int d, string padding, out int outLength)
    {
        int pad;
        if (padding == "causal") (outLength, pad) = ((int)Math.Ceiling(length / (double)s), d * (k - 1));
        else (outLength, pad) = NaiveConvolution.Axis(length, k, s, d, padding);
        var y = new double[n * outLength * filters];
        for (int b0 = 0; b0 < n; b0++)
            for (int t = 0; t < outLength; t++)
                for (int f = 0; f < filters; f++)
                {
                    double sum = b[f];
                    for (int q = 0; q < k; q++)
                    {
                        int at = t * s - pad + q * d;
                        if (at < 0 || at >= length) continue;
                        for (int ch = 0; ch < c; ch++) sum += x[(b0 * length + at) * c + ch] * w[(q * c + ch) * filters + f];
                    }
                    y[(b0 * outLength + t) * filters + f] = sum;
                }
        return y;
    }

    [Theory]
    [InlineData(7, 3, 1, 1, "valid")]
    [InlineData(7, 3, 2, 1, "same")]
    [InlineData(7, 2, 1, 1, "same")]
    [InlineData(8, 3, 1, 2, "causal")]
    [InlineData(6, 4, 3, 1, "causal")]
    public void ForwardAndGradientsMatchANaiveFloat64Convolution(int length, int k, int s, int d, string padding)
    {
        const int n = 2, c = 2, filters = 3;
        int pad;
        int outLength;
        if (padding == "causal") (outLength, pad) = ((int)Math.Ceiling(length / (double)s), d * (k - 1));
        else (outLength, pad) = NaiveConvolution.Axis(length, k, s, d, padding);
        // The op, on a sequence as an image one pixel high, with the test's own geometry.
        var g = new Backprop.Kernels.ConvolutionGeometry(n, 1, length, c, 1, k, 1, s, 1, d, 0, pad, 1, outLength);
        GradientCheck.Check(
            t => Backprop.Ops.ConvolutionOps.Conv2D(t[0].Reshape(n, 1, length, c), t[1].Reshape(1, k, c, filters), t[2], g, 1, Backprop.Ops.FusedActivation.Linear).Reshape(n, outLength, filters),
            v => Naive(v[0], n, length, c, v[1], k, filters, v[2], s, d, padding, out _),
            [[n, length, c], [k, c, filters], [filters]]);
        // The layer, with its own weights, against the same reference.
        Utils.SetRandomSeed(5);
        var layer = new Conv1D(filters, k, strides: s, padding: padding, dilationRate: d, biasInitializer: "random_normal");
        var x = Tensor.RandomNormal([n, length, c]);
        Tensor y = layer.Call(x);
        double[] expected = Naive(x.ToArray().Select(v => (double)v).ToArray(), n, length, c, layer.Kernel.ToArray().Select(v => (double)v).ToArray(), k, filters,
            layer.Bias!.ToArray().Select(v => (double)v).ToArray(), s, d, padding, out int expectedLength);
        Assert.Equal([n, expectedLength, filters], y.Shape);
        Assert.Equal([expectedLength, filters], layer.ComputeOutputShape([length, c]));
        float[] actual = y.ToArray();
        for (int i = 0; i < actual.Length; i++) GradientCheck.AssertClose(expected[i], actual[i], $"output {i}");
    }

    [Fact]
    public void CausalOutputsNeverSeeALaterStep()
    {
        Utils.SetRandomSeed(6);
        var layer = new Conv1D(2, 3, padding: "causal", dilationRate: 2);
        var x = Tensor.RandomNormal([1, 10, 1]);
        float[] before = layer.Call(x).ToArray();
        x[0, 9, 0] += 5f;   // change only the last step
        float[] after = layer.Call(x).ToArray();
        Assert.Equal(before[..18], after[..18]);
        Assert.NotEqual(before[18], after[18]);
        Assert.Equal([10, 2], layer.ComputeOutputShape([10, 1]));
        Assert.Contains("Unknown padding 'causal' for Conv2D", Assert.Throws<ArgumentException>(() => new Conv2D(2, 3, padding: "causal")).Message);
    }
}
