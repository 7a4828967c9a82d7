using Backprop.Layers;
using Backprop.Tests.Ops;

namespace Backprop.Tests.Layers.Convolutional;

public class Conv2DTransposeTests
{
    /// <summary>Keras's output size (backend_utils.py, _get_output_shape_given_tf_padding).</summary>
    private static int OutputSize(int size, int k, int s, int d, string padding, int? outputPadding)
    {
        int span = d * (k - 1) + 1;
        if (padding == "valid") return (size - 1) * s + span + (outputPadding ?? Math.Max(span, s) - span);
        return outputPadding is { } p ? (size - 1) * s + span % 2 + p : size * s;
    }

    /// <summary>The definition, by scatter: each input pixel (i, j) adds x·W[a, q, f, c] at output (i·s − top + a·d, j·s − left + q·d),
    /// where top is half the "same" padding of the convolution it is the transpose of, the convolution from the output size
    /// back to the input (TensorFlow's conv2d_transpose, given the output shape).</summary>
    private static double[] Naive(double[] x, int n, int h, int w, int c, double[] kernel, int kh, int kw, int filters, double[] b, int s, int d, string padding,
        out int oh, out int ow, int? outputPadding = null)
    {
        oh = OutputSize(h, kh, s, d, padding, outputPadding);
        ow = OutputSize(w, kw, s, d, padding, outputPadding);
        int top = padding == "same" ? Math.Max((h - 1) * s + d * (kh - 1) + 1 - oh, 0) / 2 : 0;
        int left = padding == "same" ? Math.Max((w - 1) * s + d * (kw - 1) + 1 - ow, 0) / 2 : 0;
        var y = new double[n * oh * ow * filters];
        for (int b0 = 0; b0 < n; b0++)
            for (int p = 0; p < oh * ow; p++)
                for (int f = 0; f < filters; f++) y[(b0 * oh * ow + p) * filters + f] = b[f];
        for (int b0 = 0; b0 < n; b0++)
            for (int i = 0; i < h; i++)
                for (int j = 0; j < w; j++)
                    for (int a = 0; a < kh; a++)
                        for (int q = 0; q < kw; q++)
                        {
                            int r = i * s - top + a * d, col = j * s - left + q * d;
                            if (r < 0 || r >= oh || col < 0 || col >= ow) continue;
                            for (int f = 0; f < filters; f++)
                                for (int ch = 0; ch < c; ch++)
                                    y[((b0 * oh + r) * ow + col) * filters + f] += x[((b0 * h + i) * w + j) * c + ch] * kernel[((a * kw + q) * filters + f) * c + ch];
                        }
        return y;
    }

    [Theory]
    [InlineData(3, 4, 2, 3, 3, 1, 1, "valid")]
    [InlineData(3, 3, 2, 3, 3, 2, 1, "same")]
    [InlineData(4, 3, 2, 2, 2, 2, 1, "same")]
    [InlineData(3, 3, 1, 2, 2, 3, 1, "valid")]   // stride larger than the kernel: max(k, s)
    [InlineData(4, 4, 2, 3, 2, 1, 2, "same")]    // dilation
    [InlineData(3, 4, 2, 3, 3, 2, 1, "valid", 1)]   // output padding
    [InlineData(3, 3, 2, 3, 2, 2, 1, "same", 1)]
    [InlineData(4, 3, 1, 4, 4, 3, 1, "same", 2)]
    [InlineData(2, 3, 2, 2, 3, 3, 1, "same", 0)]
    [InlineData(3, 2, 1, 1, 1, 3, 1, "valid", 2)]   // a 1 × 1 kernel, stride 3
    public void ForwardAndGradientsMatchTheDefinition(int h, int w, int c, int kh, int kw, int s, int d, string padding, int? outputPadding = null)
    {
        const int n = 2, filters = 3;
        Utils.SetRandomSeed(14);
        Size2D? op = outputPadding is { } p ? new Size2D(p, p) : null;
        var layer = new Conv2DTranspose(filters, (kh, kw), strides: s, padding: padding, outputPadding: op, dilationRate: d, biasInitializer: "random_normal");
        var x = Tensor.RandomNormal([n, h, w, c]);
        Tensor y = layer.Call(x);
        double[] Doubles(Tensor t) => t.ToArray().Select(v => (double)v).ToArray();
        double[] expected = Naive(Doubles(x), n, h, w, c, Doubles(layer.Kernel), kh, kw, filters, Doubles(layer.Bias!), s, d, padding, out int oh, out int ow, outputPadding);
        Assert.Equal([n, oh, ow, filters], y.Shape);
        Assert.Equal([oh, ow, filters], layer.ComputeOutputShape([h, w, c]));
        Assert.Equal([kh, kw, filters, c], layer.Kernel.Shape);
        float[] actual = y.ToArray();
        for (int i = 0; i < actual.Length; i++) GradientCheck.AssertClose(expected[i], actual[i], $"output {i}");
        Tensor kernel = layer.Kernel, bias = layer.Bias!;
        GradientCheck.Check(
            t =>
            {
                // The layer's op with the test's tensors as its weights.
                var probe = new Conv2DTranspose(filters, (kh, kw), strides: s, padding: padding, outputPadding: op, dilationRate: d);
                probe.Build([h, w, c]);
                return Backprop.Ops.ConvolutionOps.Conv2DTranspose(t[0], t[1], t[2], probe.GeometryFor(n, [h, w, c]), Backprop.Ops.FusedActivation.Linear);
            },
            v => Naive(v[0], n, h, w, c, v[1], kh, kw, filters, v[2], s, d, padding, out _, out _, outputPadding),
            [[n, h, w, c], [kh, kw, filters, c], [filters]]);
    }

    [Fact]
    public void KerasDocstringShape()
    {
        // keras/src/layers/convolutional/conv2d_transpose.py: x = np.random.rand(4, 10, 8, 128); Conv2DTranspose(32, 2, 2, activation='relu')(x).shape == (4, 20, 16, 32)
        Assert.Equal([4, 20, 16, 32], new Conv2DTranspose(32, 2, strides: 2, activation: "relu").Call(Tensor.RandomUniform([4, 10, 8, 128])).Shape);
    }

    [Fact]
    public void OutputPaddingReadsBackFromAConfigAndIsCheckedAgainstTheStrides()
    {
        var read = (Conv2DTranspose)Backprop.Serialization.KerasConfigReader.Deserialize<Layer>(System.Text.Json.Nodes.JsonNode.Parse(
            """{"class_name":"Conv2DTranspose","config":{"filters":2,"kernel_size":[3,3],"strides":[2,3],"output_padding":[1,2]}}"""));
        Assert.Equal(new Size2D(1, 2), read.OutputPadding);
        Assert.Equal([10, 17, 2], read.ComputeOutputShape([4, 5, 1]));   // valid: (in − 1)·s + k + p
        Assert.Contains("[1,2]", Backprop.Serialization.KerasConfigWriter.Serialize(read).ToJsonString());
        var e = Assert.Throws<ArgumentException>(() => new Conv2DTranspose(2, 3, strides: 2, outputPadding: (2, 1)));
        Assert.Contains("strictly less than the corresponding stride; got output_padding (2, 1) with strides (2, 2)", e.Message);
    }
}
