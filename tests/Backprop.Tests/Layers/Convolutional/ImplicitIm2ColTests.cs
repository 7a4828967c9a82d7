using Backprop.Kernels;
using Backprop.Ops;

namespace Backprop.Tests.Layers.Convolutional;

/// <summary>
/// A convolution whose windows lie inside the image reads its im2col rows straight from the image
/// (<see cref="Im2ColOperand"/>, <see cref="ConvolutionOps.ImplicitIm2Col"/>): its output and its three gradients equal the
/// written-out matrix's bit for bit — strides, odd and even kernels, one channel and many, a reduction long enough to be
/// split into chunks, one thread and two. (Against a float64 convolution: Conv2DTests' grid, which takes this path where
/// its windows allow.)
/// </summary>
[Collection("Session")]
public class ImplicitIm2ColTests
{
    private static float[] Bits(Random random, int count) => [.. Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1))];

    private static float[][] Run(bool implicitIm2Col, int threads, int n, int h, int w, int c, int kh, int kw, int stride, int filters, FusedActivation activation)
    {
        var random = new Random(n * 7 + h * 5 + c * 3 + kh + filters);
        ConvolutionGeometry g = ConvolutionGeometry.For(n, [h, w, c], kh, kw, stride, stride, 1, 1, "valid");
        Assert.True(Im2ColOperand.Applies(g));
        var x = Tensor.FromArray(Bits(random, n * h * w * c), [n, h, w, c]);
        var kernel = Tensor.FromArray(Bits(random, kh * kw * c * filters), [kh, kw, c, filters]);
        var bias = Tensor.FromArray(Bits(random, filters), [filters]);
        var weights = Tensor.FromArray(Bits(random, n * g.OutHeight * g.OutWidth * filters), [n, g.OutHeight, g.OutWidth, filters]);
        foreach (Tensor t in new[] { x, kernel, bias }) t.RequiresGrad = true;
        bool saved = ConvolutionOps.ImplicitIm2Col;
        int savedThreads = Utils.NumThreads;
        ConvolutionOps.ImplicitIm2Col = implicitIm2Col;
        Utils.NumThreads = threads;
        try
        {
            Tensor y = ConvolutionOps.Conv2D(x, kernel, bias, g, 1, activation);
            (y * weights).Sum().Backward();
            return [y.ToArray(), x.Grad!.ToArray(), kernel.Grad!.ToArray(), bias.Grad!.ToArray()];
        }
        finally
        {
            ConvolutionOps.ImplicitIm2Col = saved;
            Utils.NumThreads = savedThreads;
        }
    }

    [Theory]
    [InlineData(2, 9, 9, 3, 3, 3, 1, 5)]
    [InlineData(3, 8, 7, 2, 2, 2, 2, 4)]       // an even kernel, stride 2, a column left over
    [InlineData(2, 7, 7, 5, 1, 1, 1, 3)]       // 1×1: a window of one pixel's channels
    [InlineData(4, 6, 6, 1, 3, 3, 1, 7)]       // one channel: a window row of 3 values, panels spanning kernel rows
    [InlineData(1, 13, 13, 32, 3, 3, 1, 16)]   // keras-io's second convolution, a smaller batch
    [InlineData(64, 28, 28, 1, 3, 3, 1, 32)]   // and its first: 43,264 positions, the split reduction
    [InlineData(2, 5, 9, 3, 5, 3, 3, 2)]       // stride past the kernel
    public void TheImageReadDirectlyGivesTheWrittenMatrixsResultsBitForBit(int n, int h, int w, int c, int kh, int kw, int stride, int filters)
    {
        foreach (FusedActivation activation in new[] { FusedActivation.Relu, FusedActivation.Linear })
            foreach (int threads in new[] { 1, 2 })
            {
                float[][] written = Run(false, threads, n, h, w, c, kh, kw, stride, filters, activation);
                float[][] direct = Run(true, threads, n, h, w, c, kh, kw, stride, filters, activation);
                string[] names = ["output", "input gradient", "kernel gradient", "bias gradient"];
                for (int i = 0; i < names.Length; i++)
                    Assert.True(written[i].Select(BitConverter.SingleToInt32Bits).SequenceEqual(direct[i].Select(BitConverter.SingleToInt32Bits)),
                        $"{names[i]} differs ({activation}, {threads} threads)");
            }
    }

    [Fact]
    public void APaddedOrDilatedWindowKeepsTheWrittenMatrix()
    {
        Assert.False(Im2ColOperand.Applies(ConvolutionGeometry.For(1, [5, 5, 2], 3, 3, 1, 1, 1, 1, "same")));
        Assert.False(Im2ColOperand.Applies(ConvolutionGeometry.For(1, [6, 6, 2], 2, 2, 1, 1, 1, 1, "same")));   // the odd pixel after
        Assert.False(Im2ColOperand.Applies(ConvolutionGeometry.For(1, [7, 7, 2], 3, 3, 1, 1, 2, 2, "valid")));
        Assert.True(Im2ColOperand.Applies(ConvolutionGeometry.For(1, [6, 6, 2], 1, 1, 1, 1, 1, 1, "same")));    // 1×1 "same" pads nothing
        var error = Assert.Throws<ArgumentException>(() => { unsafe { Im2ColOperand.For(null, ConvolutionGeometry.For(1, [5, 5, 2], 3, 3, 1, 1, 1, 1, "same"), false); } });
        Assert.Contains("every window inside the image", error.Message);
    }
}
