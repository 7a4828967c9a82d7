using Backprop.Kernels;

namespace Backprop.Tests.Kernels;

/// <summary>The relu epilogue and backward split over threads give what one pass on one thread gives, bit for bit,
/// for sizes around the split threshold and row widths that are not a vector's multiple.</summary>
[Collection("Session")]
public class ActivationJobTests
{
    [Theory]
    [InlineData(300_007, 37)]
    [InlineData(65_536, 32)]
    [InlineData(65_535, 5)]
    [InlineData(1_000, 10)]
    public void SplitMatchesOnePass(int length, int columns)
    {
        int threads = Utils.NumThreads;
        try
        {
            Utils.NumThreads = 2;
            var random = new Random(length);
            float[] y = [.. Enumerable.Range(0, length / columns * columns).Select(_ => (float)(random.NextDouble() * 2 - 1))];
            float[] bias = [.. Enumerable.Range(0, columns + 3).Select(_ => (float)random.NextDouble() - 0.5f)];
            float[] split = [0f, .. y], serial = (float[])y.Clone();
            ActivationJob.BiasRelu(split, 1, y.Length, columns, bias, 3, relu: true);
            ActivationKernels.BiasRelu(serial, columns, bias.AsSpan(3, columns), relu: true);
            Assert.Equal(serial, split[1..]);
            float[] g = [.. y.Select(_ => (float)random.NextDouble())];
            var d = new float[y.Length + 2];
            var expected = new float[y.Length];
            ActivationJob.ReluBackward(y, 0, g, 0, d, 2, y.Length);
            ActivationKernels.ReluBackward(y, g, expected);
            Assert.Equal(expected, d[2..]);
        }
        finally { Utils.NumThreads = threads; }
    }
}
