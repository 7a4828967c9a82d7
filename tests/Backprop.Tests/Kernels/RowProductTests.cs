using System.Runtime.Intrinsics.X86;
using Backprop.Kernels;

namespace Backprop.Tests.Kernels;

/// <summary>The one-row product (single-sample inference) against a double-precision loop, for every kernel set this CPU runs.</summary>
public unsafe class RowProductTests
{
    public static TheoryData<GemmIsa> Isas()
    {
        var isas = new TheoryData<GemmIsa> { GemmIsa.Portable128 };
        if (Avx2.IsSupported && Fma.IsSupported) isas.Add(GemmIsa.Avx2Fma);
        if (Avx512F.IsSupported) isas.Add(GemmIsa.Avx512);
        return isas;
    }

    private static float[] RandomArray(Random r, int n, double zeros = 0) =>
        Enumerable.Range(0, n).Select(_ => r.NextDouble() < zeros ? 0f : (float)(r.NextDouble() * 2 - 1)).ToArray();

    /// <summary>Widths around the 16-float vector and the 128/256-column register blocks, and row counts of 1 to 784;
    /// A is strided (a column of a matrix), B is a view on wider rows, a third of A is zero (those rows are skipped),
    /// and C already holds values the product is added to.</summary>
    [Theory, MemberData(nameof(Isas))]
    public void MatchesNaiveLoop(GemmIsa isa)
    {
        var r = new Random((int)isa + 11);
        foreach (int n in new[] { 1, 15, 16, 17, 130, 255, 256, 257, 513, 600 })
            foreach (int k in new[] { 1, 5, 784 })
            {
                const int aStride = 3, pad = 5;
                float alpha = -1.5f;
                int ldb = n + pad;
                float[] a = RandomArray(r, k * aStride, zeros: 0.33), b = RandomArray(r, k * ldb), c = RandomArray(r, n);
                float[] c0 = (float[])c.Clone();
                fixed (float* pa = a, pb = b, pc = c)
                    RowProduct.Multiply(pa, aStride, pb, ldb, pc, n, k, alpha, isa);
                for (int j = 0; j < n; j++)
                {
                    double sum = 0, magnitude = 0;
                    for (int p = 0; p < k; p++)
                    {
                        sum += (double)a[p * aStride] * b[p * ldb + j];
                        magnitude += Math.Abs((double)a[p * aStride] * b[p * ldb + j]);
                    }
                    double expected = c0[j] + alpha * sum;
                    double tolerance = 1e-5 * (Math.Abs(alpha) * magnitude + Math.Abs(c0[j])) + 1e-6;
                    Assert.True(Math.Abs(expected - c[j]) <= tolerance, $"{isa} n={n} k={k} column {j}: expected {expected}, got {c[j]}");
                }
            }
    }

    [Theory, MemberData(nameof(Isas))]
    public void AllZeroRowLeavesCUnchanged(GemmIsa isa)
    {
        var r = new Random(5);
        float[] a = new float[300], b = RandomArray(r, 300 * 512), c = RandomArray(r, 512);
        float[] c0 = (float[])c.Clone();
        fixed (float* pa = a, pb = b, pc = c)
            RowProduct.Multiply(pa, 1, pb, 512, pc, 512, 300, 1f, isa);
        Assert.Equal(c0, c);
    }

    /// <summary>Large products are split by columns over the threads; each column's sum is the same whichever thread computes it.</summary>
    [Theory]
    [InlineData(512, 784)]
    [InlineData(600, 400)]
    public void BitIdenticalForOneAndTwoThreads(int n, int k)
    {
        var r = new Random(n + k);
        float[] a = RandomArray(r, k, zeros: 0.5), b = RandomArray(r, k * n);
        var one = new float[n];
        var two = new float[n];
        int saved = WorkerPool.ThreadCount;
        try
        {
            WorkerPool.ThreadCount = 1;
            Gemm.Multiply(false, false, 1, n, k, 1f, a, 0, k, b, 0, n, 0f, one, 0, n);
            WorkerPool.ThreadCount = 2;
            Gemm.Multiply(false, false, 1, n, k, 1f, a, 0, k, b, 0, n, 0f, two, 0, n);
        }
        finally
        {
            WorkerPool.ThreadCount = saved;
        }
        Assert.True(one.AsSpan().SequenceEqual(two), "one-row product differs between 1 and 2 threads");
    }
}
