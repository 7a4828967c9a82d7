using Backprop.Kernels;

namespace Backprop.Tests.Kernels;

public class GemmTests
{
    private static float[] RandomArray(Random r, int n) => Enumerable.Range(0, n).Select(_ => (float)(r.NextDouble() * 2 - 1)).ToArray();

    /// <summary>Naive triple loop in double: the reference. Tolerance: float32 accumulation of k products
    /// of values in [-1,1] errs by at most about k·6e-8 relative to Σ|aᵢbᵢ|, so 1e-5·(Σ|a·b| + |β·c|) bounds it with margin.</summary>
    private static void AssertMatchesNaive(bool transA, bool transB, int m, int n, int k, float alpha, float beta, int seed)
    {
        var r = new Random(seed);
        float[] a = RandomArray(r, m * k), b = RandomArray(r, k * n), c = RandomArray(r, m * n);
        float[] c0 = (float[])c.Clone();
        int lda = transA ? m : k, ldb = transB ? k : n;
        Gemm.Multiply(transA, transB, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, c, 0, n);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0, magnitude = 0;
                for (int p = 0; p < k; p++)
                {
                    double av = transA ? a[p * m + i] : a[i * k + p];
                    double bv = transB ? b[j * k + p] : b[p * n + j];
                    sum += av * bv;
                    magnitude += Math.Abs(av * bv);
                }
                double expected = alpha * sum + beta * c0[i * n + j];
                double tolerance = 1e-5 * (Math.Abs(alpha) * magnitude + Math.Abs(beta * c0[i * n + j])) + 1e-6;
                Assert.True(Math.Abs(expected - c[i * n + j]) <= tolerance,
                    $"C[{i},{j}] for m={m} n={n} k={k} transA={transA} transB={transB}: expected {expected}, got {c[i * n + j]}");
            }
    }

    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 3, 17, 1 }, { 17, 3, 127 }, { 127, 1, 3 }, { 1, 513, 17 }, { 513, 127, 3 },
        { 3, 1000, 17 }, { 1000, 3, 127 }, { 17, 127, 1000 }, { 127, 513, 513 }, { 1000, 17, 1 }, { 1, 1, 1000 },
    };

    [Theory, MemberData(nameof(Shapes))]
    public void MatchesNaiveLoopForAllTransposes(int m, int n, int k)
    {
        AssertMatchesNaive(false, false, m, n, k, 1.5f, 0.5f, m + n + k);
        AssertMatchesNaive(true, false, m, n, k, -0.75f, 2f, m * 3 + n + k);
        AssertMatchesNaive(false, true, m, n, k, 2f, 0f, m + n * 5 + k);
        AssertMatchesNaive(true, true, m, n, k, 1f, -1f, m + n + k * 7);
    }

    /// <summary>
    /// Only one micro-kernel runs inside Multiply on a given CPU; this calls each one this CPU can execute directly
    /// on packed panels, with step counts that exercise the unrolled loop and its remainder.
    /// </summary>
    [Theory]
    [InlineData(1, 1f)]
    [InlineData(3, 0f)]
    [InlineData(4, 1f)]
    [InlineData(7, -0.5f)]
    [InlineData(256, 0f)]
    [InlineData(256, 1f)]
    public unsafe void EachMicroKernelMatchesNaiveTile(int kc, float beta)
    {
        var kernels = new List<(string Name, int Mr, int Nr, Action<IntPtr, IntPtr, IntPtr> Run)>
        {
            ("portable 4x8", 4, 8, (a, b, c) => GemmMicroKernels.PortableTile4x8(kc, (float*)a, (float*)b, (float*)c, 8, 0.5f, beta)),
        };
        if (System.Runtime.Intrinsics.X86.Avx2.IsSupported && System.Runtime.Intrinsics.X86.Fma.IsSupported)
            kernels.Add(("avx2 6x16", 6, 16, (a, b, c) => GemmMicroKernels.Avx2Tile6x16(kc, (float*)a, (float*)b, (float*)c, 16, 0.5f, beta)));
        if (System.Runtime.Intrinsics.X86.Avx512F.IsSupported)
            kernels.Add(("avx512 12x32", 12, 32, (a, b, c) => GemmMicroKernels.Avx512Tile12x32(kc, (float*)a, (float*)b, (float*)c, 32, 0.5f, beta)));
        var r = new Random(kc);
        foreach (var (name, mr, nr, run) in kernels)
        {
            float[] a = RandomArray(r, mr * kc), b = RandomArray(r, nr * kc), c = RandomArray(r, mr * nr);
            // With beta 0 the kernel must not read C: NaN there must not leak into the result.
            if (beta == 0f) c.AsSpan().Fill(float.NaN);
            float[] c0 = beta == 0f ? new float[c.Length] : (float[])c.Clone();
            fixed (float* pa = a, pb = b, pc = c) run((IntPtr)pa, (IntPtr)pb, (IntPtr)pc);
            for (int i = 0; i < mr; i++)
                for (int j = 0; j < nr; j++)
                {
                    double sum = 0, magnitude = 0;
                    for (int p = 0; p < kc; p++)
                    {
                        sum += (double)a[p * mr + i] * b[p * nr + j];
                        magnitude += Math.Abs((double)a[p * mr + i] * b[p * nr + j]);
                    }
                    double expected = 0.5 * sum + beta * c0[i * nr + j];
                    // Same bound as AssertMatchesNaive: float32 accumulation of kc products.
                    Assert.True(Math.Abs(expected - c[i * nr + j]) <= 1e-5 * (0.5 * magnitude + Math.Abs(beta * c0[i * nr + j])) + 1e-6,
                        $"{name} kc={kc} C[{i},{j}]: expected {expected}, got {c[i * nr + j]}");
                }
        }
    }

    [Fact]
    public void BetaZeroOverwritesNaN()
    {
        float[] a = [1, 2], b = [3, 4], c = [float.NaN];
        Gemm.Multiply(false, false, 1, 1, 2, 1f, a, 0, 2, b, 0, 1, 0f, c, 0, 1);
        Assert.Equal(11f, c[0]);
    }

    /// <summary>
    /// 300 rows take the general path (threads split M); 128 rows, an MLP batch, take the slab path (threads split N
    /// over the whole product); 600 is not a multiple of the K block, so slabs can be in K blocks of different heights
    /// at once.
    /// </summary>
    [Theory]
    [InlineData(300, 517, 700)]
    [InlineData(128, 784, 600)]
    [InlineData(100, 300, 40)]
    public void BitIdenticalForOneAndTwoThreads(int m, int n, int k)
    {
        var r = new Random(3);
        float[] a = RandomArray(r, m * k), b = RandomArray(r, k * n);
        int saved = WorkerPool.ThreadCount;
        try
        {
            foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
            {
                var one = new float[m * n];
                var two = new float[m * n];
                WorkerPool.ThreadCount = 1;
                Gemm.Multiply(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, one, 0, n);
                WorkerPool.ThreadCount = 2;
                Gemm.Multiply(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, two, 0, n);
                Assert.True(one.AsSpan().SequenceEqual(two), $"transA={ta} transB={tb}: results differ between 1 and 2 threads");
            }
        }
        finally
        {
            WorkerPool.ThreadCount = saved;
        }
    }
}
