using Backprop.Kernels;
using Backprop.Layers;
using Backprop.Tests.Ops;

namespace Backprop.Tests.Layers.Convolutional;

public class Conv2DTests
{
    // "height width channels kernel-h kernel-w stride-h stride-w dilation-h dilation-w padding groups filters"
    public static TheoryData<string> Grid() => new()
    {
        "5 5 2 3 3 1 1 1 1 valid 1 3",
        "5 6 2 3 3 1 1 1 1 same 1 3",
        "6 6 2 2 2 1 1 1 1 same 1 2",    // an even kernel with "same": the odd pixel of padding goes after
        "7 5 2 3 2 2 2 1 1 same 1 2",
        "7 7 1 1 1 3 3 1 1 valid 1 2",   // stride larger than the kernel
        "7 7 2 2 2 3 3 1 1 same 1 2",
        "7 7 2 3 3 1 1 2 2 valid 1 2",   // dilation
        "6 6 2 3 3 1 1 2 1 same 1 2",
        "5 5 4 3 3 1 1 1 1 valid 2 4",   // groups
        "5 5 4 3 3 2 2 1 1 same 4 4",    // one group per channel (depthwise)
        "1 1 3 3 3 1 1 1 1 same 1 2",    // a one-pixel image
        "4 4 2 4 4 1 1 1 1 valid 1 3",   // the kernel covers the image: one output pixel
    };

    private static (int, int, int, int, int, int, int, int, int, string, int, int) Parse(string @case)
    {
        string[] p = @case.Split(' ');
        int I(int i) => int.Parse(p[i], System.Globalization.CultureInfo.InvariantCulture);
        return (I(0), I(1), I(2), I(3), I(4), I(5), I(6), I(7), I(8), p[9], I(10), I(11));
    }

    private static ConvolutionGeometry GeometryOf(int n, int h, int w, int c, int kh, int kw, int sh, int sw, int dh, int dw, string padding)
    {
        var (oh, top) = NaiveConvolution.Axis(h, kh, sh, dh, padding);
        var (ow, left) = NaiveConvolution.Axis(w, kw, sw, dw, padding);
        return new(n, h, w, c, kh, kw, sh, sw, dh, dw, top, left, oh, ow);
    }

    [Theory]
    [MemberData(nameof(Grid))]
    public void ForwardAndGradientsMatchANaiveFloat64Convolution(string @case)
    {
        var (h, w, c, kh, kw, sh, sw, dh, dw, padding, groups, filters) = Parse(@case);
        const int n = 2;
        ConvolutionGeometry g = GeometryOf(n, h, w, c, kh, kw, sh, sw, dh, dw, padding);
        int[] xShape = [n, h, w, c], wShape = [kh, kw, c / groups, filters];
        GradientCheck.Check(
            t => Backprop.Ops.ConvolutionOps.Conv2D(t[0], t[1], t[2], g, groups, Backprop.Ops.FusedActivation.Linear),
            v => NaiveConvolution.Conv2D(v[0], xShape, v[1], wShape, v[2], (sh, sw), (dh, dw), padding, groups, out _),
            [xShape, wShape, [filters]]);
    }

    [Theory]
    [MemberData(nameof(Grid))]
    public void TheLayerGivesKerasOutputShapeAndTheNaiveValues(string @case)
    {
        var (h, w, c, kh, kw, sh, sw, dh, dw, padding, groups, filters) = Parse(@case);
        Utils.SetRandomSeed(3);
        var layer = new Conv2D(filters, (kh, kw), strides: (sh, sw), padding: padding, dilationRate: (dh, dw), groups: groups, activation: "relu", biasInitializer: "random_normal");
        var x = Tensor.RandomNormal([3, h, w, c]);
        Tensor y = layer.Call(x);
        double[] expected = NaiveConvolution.Conv2D(x.ToArray().Select(v => (double)v).ToArray(), x.Shape, layer.Kernel.ToArray().Select(v => (double)v).ToArray(),
            layer.Kernel.Shape, layer.Bias!.ToArray().Select(v => (double)v).ToArray(), (sh, sw), (dh, dw), padding, groups, out int[] outShape);
        Assert.Equal(outShape, y.Shape);
        Assert.Equal(outShape[1..], layer.ComputeOutputShape([h, w, c]));
        float[] actual = y.ToArray();
        for (int i = 0; i < actual.Length; i++) GradientCheck.AssertClose(Math.Max(expected[i], 0), actual[i], $"output {i}");
    }

    [Fact]
    public void KerasDocstringShapeAndParameterCount()
    {
        // keras/src/layers/convolutional/conv2d.py: x = np.random.rand(4, 10, 10, 128); Conv2D(32, 3, activation='relu')(x).shape == (4, 8, 8, 32)
        var layer = new Conv2D(32, 3, activation: "relu");
        Assert.Equal([4, 8, 8, 32], layer.Call(Tensor.RandomUniform([4, 10, 10, 128])).Shape);
        Assert.Equal(3 * 3 * 128 * 32 + 32, layer.Weights.Sum(t => t.Size));
        Assert.Equal([3, 3, 128, 32], layer.Kernel.Shape);
    }

    [Fact]
    public void ChannelsFirstIsTheChannelsLastConvolutionOfThePermutedImage()
    {
        Utils.SetRandomSeed(4);
        var last = new Conv2D(3, 3, padding: "same", strides: 2);
        var first = new Conv2D(3, 3, padding: "same", strides: 2, dataFormat: "channels_first");
        var x = Tensor.RandomNormal([2, 5, 6, 2]);
        Tensor yLast = last.Call(x);
        first.Build([2, 5, 6]);
        first.SetWeight(0, last.Kernel);
        first.SetWeight(1, last.Bias!);
        Tensor yFirst = first.Call(Backprop.Ops.PermuteOp.Permute(x, [0, 3, 1, 2]));
        Assert.Equal([2, 3, 3, 3], yFirst.Shape);
        Assert.Equal(Backprop.Ops.PermuteOp.Permute(yLast, [0, 3, 1, 2]).ToArray(), yFirst.ToArray());
        Assert.Equal([3, 3, 3], first.ComputeOutputShape([2, 5, 6]));
    }

    [Fact]
    public void BadArgumentsAndInputsAreRefusedWithKerasReasons()
    {
        Assert.Contains("evenly divisible by the number of groups", Assert.Throws<ArgumentException>(() => new Conv2D(5, 3, groups: 2)).Message);
        Assert.Contains("not supported with dilation_rate > 1", Assert.Throws<ArgumentException>(() => new Conv2D(4, 3, strides: 2, dilationRate: 2)).Message);
        Assert.Contains("Unknown padding 'full'", Assert.Throws<ArgumentException>(() => new Conv2D(4, 3, padding: "full")).Message);
        Assert.Contains("kernel_size must be 2 positive numbers, got (0, 3)", Assert.Throws<ArgumentException>(() => new Conv2D(4, (0, 3))).Message);
        Assert.Contains("Unknown data_format", Assert.Throws<ArgumentException>(() => new Conv2D(4, 3, dataFormat: "nhwc")).Message);
        var layer = new Conv2D(4, 3, groups: 2);
        Assert.Contains("input channels (3) must be evenly divisible", Assert.Throws<ArgumentException>(() => layer.Build([8, 8, 3])).Message);
        Assert.Contains("expects inputs of shape (None, height, width, channels), got (None, 784)", Assert.Throws<ArgumentException>(() => new Conv2D(4, 3).Build([784])).Message);
        Assert.Contains("Computed output size would be zero or negative", Assert.Throws<ArgumentException>(() => new Conv2D(4, 5).Build([3, 8, 1])).Message);
    }
}
