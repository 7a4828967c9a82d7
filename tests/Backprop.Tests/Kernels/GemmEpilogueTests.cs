using Backprop.Kernels;

namespace Backprop.Tests.Kernels;

/// <summary>The GEMM's epilogue (bias and relu on each finished tile) against the product followed by the separate pass
/// over C it replaces: bit for bit, on every path of the GEMM (one row, edge tiles, several K blocks, the slab split).</summary>
[Collection("Session")]
public class GemmEpilogueTests
{
    private static float[] Random(int count, Random random) => [.. Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1))];

    [Theory]
    [InlineData(1, 37, 20, false, false)]    // one row: the row product, then the pass
    [InlineData(13, 33, 9, false, false)]    // edge tiles both ways, a convolution's k = 9
    [InlineData(300, 64, 288, false, false)] // keras-io's second convolution, shortened
    [InlineData(128, 512, 784, false, false)] // the lecture's hidden layer: three K blocks, the slab split
    [InlineData(40, 70, 700, true, false)]
    [InlineData(40, 70, 50, false, true)]
    [InlineData(5, 3, 0, false, false)]      // k = 0: C is β·C, then the epilogue
    public void TheEpilogueEqualsTheSeparatePass(int m, int n, int k, bool transA, bool transB)
    {
        var random = new Random(m * 1000 + n + k);
        float[] a = Random(m * k, random), b = Random(k * n, random), bias = Random(n + 3, random), seed = Random(m * n, random);
        seed[0] = float.NaN;
        if (m * n > 2) seed[2] = -0f;
        int saved = WorkerPool.ThreadCount;
        try
        {
            foreach (int threads in new[] { 1, 2 })
            {
                WorkerPool.ThreadCount = threads;
                foreach (bool relu in new[] { true, false })
                    foreach (bool withBias in new[] { true, false })
                        foreach (float beta in new[] { 0f, 1f })
                        {
                            if (!relu && !withBias) continue;
                            float[] separate = (float[])seed.Clone(), fused = (float[])seed.Clone();
                            Gemm.Multiply(transA, transB, m, n, k, 1f, a, 0, transA ? m : k, b, 0, transB ? k : n, beta, separate, 0, n);
                            ActivationKernels.BiasRelu(separate, n, withBias ? bias.AsSpan(3, n) : default, relu);
                            Gemm.Multiply(transA, transB, m, n, k, 1f, a, 0, transA ? m : k, b, 0, transB ? k : n, beta, fused, 0, n,
                                withBias ? bias : null, 3, relu);
                            Assert.Equal(separate.Select(BitConverter.SingleToInt32Bits), fused.Select(BitConverter.SingleToInt32Bits));
                            if (relu) Assert.Contains(fused, v => v == 0f);
                        }
            }
        }
        finally { WorkerPool.ThreadCount = saved; }
    }

    [Fact]
    public void ABiasShorterThanTheColumnsIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 2, 8, 3, 1f, new float[6], 0, 3, new float[24], 0, 8, 0f, new float[16], 0, 8, new float[9], 2, false));
        Assert.Contains("needs 8 values from offset 2, got an array of 9", error.Message);
    }
}
