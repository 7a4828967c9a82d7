using Backprop.Kernels;

namespace Backprop.Tests.Kernels;

/// <summary>The one-row product (single-sample inference) against a double-precision loop, for every kernel set this CPU runs.</summary>
public unsafe class RowProductTests
{
    private static float[] RandomArray(Random r, int n, double zeros = 0) =>
        Enumerable.Range(0, n).Select(_ => r.NextDouble() < zeros ? 0f : (float)(r.NextDouble() * 2 - 1)).ToArray();

    /// <summary>Widths below, around and above the 8- and 16-float vectors (a narrow last layer is one vector) and the
    /// 128/256-column register blocks, and row counts of 1 to 784; A contiguous (listed eight at a time) or strided (a
    /// column of a matrix), B a view on wider rows, a third of A zero (those rows are skipped), and C already holding
    /// values the product is added to.</summary>
    [Theory, MemberData(nameof(KernelIsas.All), MemberType = typeof(KernelIsas))]
    public void MatchesNaiveLoop(GemmIsa isa)
    {
        var r = new Random((int)isa + 11);
        foreach (int n in new[] { 1, 7, 8, 9, 10, 15, 16, 17, 130, 255, 256, 257, 513, 600 })
            foreach (int k in new[] { 1, 5, 9, 784 })
            foreach (int aStride in new[] { 1, 3 })
            {
                const int pad = 5;
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
                    Assert.True(Math.Abs(expected - c[j]) <= tolerance, $"{isa} n={n} k={k} aStride={aStride} column {j}: expected {expected}, got {c[j]}");
                }
            }
    }

    [Theory, MemberData(nameof(KernelIsas.All), MemberType = typeof(KernelIsas))]
    public void AllZeroRowLeavesCUnchanged(GemmIsa isa)
    {
        var r = new Random(5);
        float[] a = new float[300], b = RandomArray(r, 300 * 512), c = RandomArray(r, 512);
        float[] c0 = (float[])c.Clone();
        fixed (float* pa = a, pb = b, pc = c)
            RowProduct.Multiply(pa, 1, pb, 512, pc, 512, 300, 1f, isa);
        Assert.Equal(c0, c);
    }

    /// <summary>The last row of B is read only as far as its last column: B is placed so that it ends exactly where a
    /// page that may not be read begins, so a vector load past B's end would kill the test process.</summary>
    [Theory, MemberData(nameof(KernelIsas.All), MemberType = typeof(KernelIsas))]
    public void NarrowProductsNeverReadPastTheEndOfB(GemmIsa isa)
    {
        const int k = 20;
        using var memory = new GuardedMemory();
        var r = new Random(3);
        foreach (int n in new[] { 1, 8, 10, 15 })
        {
            float[] a = RandomArray(r, k), values = RandomArray(r, k * n);
            float* b = memory.FloatsEndingAtGuard(k * n);
            values.CopyTo(new Span<float>(b, k * n));
            var guarded = new float[n];
            var reference = new float[n];
            fixed (float* pa = a, pg = guarded, pr = reference, pv = values)
            {
                RowProduct.Multiply(pa, 1, b, n, pg, n, k, 1f, isa);
                RowProduct.Multiply(pa, 1, pv, n, pr, n, k, 1f, isa);
            }
            Assert.Equal(reference, guarded);
        }
    }

    /// <summary>A factor that rounds to zero after α skips its row, as it did before listing went eight at a time; a NaN in A reaches C.</summary>
    [Theory, MemberData(nameof(KernelIsas.All), MemberType = typeof(KernelIsas))]
    public void ZeroAfterScalingSkipsTheRowAndNaNPropagates(GemmIsa isa)
    {
        const int k = 16, n = 20;
        float[] a = new float[k], b = Enumerable.Repeat(1f, k * n).ToArray(), c = new float[n];
        a[3] = 1e-30f;                 // 1e-30 · 1e-30 underflows to 0: skipped, so the infinity in its row never counts
        for (int j = 0; j < n; j++) b[3 * n + j] = float.PositiveInfinity;
        a[9] = 2f;
        fixed (float* pa = a, pb = b, pc = c) RowProduct.Multiply(pa, 1, pb, n, pc, n, k, 1e-30f, isa);
        Assert.All(c, v => Assert.Equal(2e-30f, v));
        a[12] = float.NaN;
        fixed (float* pa = a, pb = b, pc = c) RowProduct.Multiply(pa, 1, pb, n, pc, n, k, 1e-30f, isa);
        Assert.All(c, v => Assert.True(float.IsNaN(v)));
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
