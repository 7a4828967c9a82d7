using Backprop.Datasets;
using Backprop.Kernels;
using Backprop.Layers;
using Backprop.Optimizers;

namespace Backprop.Tests.Kernels;

/// <summary>
/// The GEMM skips the K rows of a packed A panel whose factors are all zero (<see cref="PanelRows"/>). Skipping a term
/// that is exactly zero leaves each sum's other terms in the same order, so the results must equal the dense path's
/// bit for bit, for every shape, transpose and thread count, except the two cases PanelRows names: a B holding Inf or
/// NaN keeps the dense kernel (0·Inf is NaN there), and an accumulator that underflowed to -0 stays -0.
/// </summary>
[Collection("Session")]
public class ZeroSkippingGemmTests
{
    public static TheoryData<double> Densities => new() { 0, 0.01, 0.3, 0.5, 0.9, 1.0 };

    // 513 columns are wide enough to list rows (Gemm.MinSkippingColumns); the narrower ones check that the dense
    // kernel they keep is unaffected.
    private static readonly int[] Sizes = [1, 3, 17, 127, 513];

    /// <summary>
    /// A [rows × cols] operand stored row-major whose K index (columns when <paramref name="kAlongColumns"/>, else rows)
    /// holds any nonzero with probability <paramref name="density"/>; inside such a K line, half of the values are
    /// zero, as in an image. Whole zero K lines are what a panel can skip.
    /// </summary>
    private static float[] SparseOperand(Random r, int rows, int cols, bool kAlongColumns, double density)
    {
        var v = new float[rows * cols];
        int kCount = kAlongColumns ? cols : rows, other = kAlongColumns ? rows : cols;
        for (int p = 0; p < kCount; p++)
        {
            if (r.NextDouble() >= density) continue;
            for (int i = 0; i < other; i++)
                if (r.NextDouble() < 0.5) v[kAlongColumns ? i * cols + p : p * cols + i] = (float)(r.NextDouble() * 2 - 1);
        }
        return v;
    }

    private static float[] Dense(Random r, int n) => Enumerable.Range(0, n).Select(_ => (float)(r.NextDouble() * 2 - 1)).ToArray();

    private static float[] Multiply(bool skip, bool transA, bool transB, int m, int n, int k, float[] a, float[] b, float beta, float[] c0)
    {
        float[] c = (float[])c0.Clone();
        Gemm.SkipZeroRows = skip;
        try
        {
            Gemm.Multiply(transA, transB, m, n, k, 1f, a, 0, transA ? m : k, b, 0, transB ? k : n, beta, c, 0, n);
        }
        finally
        {
            Gemm.SkipZeroRows = true;
        }
        return c;
    }

    private static void AssertSameBits(float[] dense, float[] skipping, string what)
    {
        for (int i = 0; i < dense.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(dense[i]) == BitConverter.SingleToInt32Bits(skipping[i]),
                $"{what}: C[{i}] is {dense[i]:R} on the dense path and {skipping[i]:R} when zero rows are skipped");
    }

    /// <summary>The three products of a training step: forward X·W, weight gradient Xᵀ·dY, input gradient dY·Wᵀ.</summary>
    [Theory, MemberData(nameof(Densities))]
    public void SkippingZeroRowsGivesTheDenseProductBitForBit(double density)
    {
        int saved = WorkerPool.ThreadCount;
        long passesBefore = Gemm.ListedPanelPasses;
        var r = new Random((int)(density * 1000) + 7);
        try
        {
            foreach (int m in Sizes)
                foreach (int n in Sizes)
                    foreach (int k in Sizes)
                        foreach (var (transA, transB) in new[] { (false, false), (true, false), (false, true) })
                        {
                            // op(A) is m×k: stored m×k (K along columns), or k×m transposed (K along rows).
                            float[] a = transA ? SparseOperand(r, k, m, false, density) : SparseOperand(r, m, k, true, density);
                            float[] b = Dense(r, k * n);
                            float beta = (m + n + k) % 2 == 0 ? 0f : 1f;
                            float[] c0 = Dense(r, m * n);
                            foreach (int threads in new[] { 1, 2 })
                            {
                                WorkerPool.ThreadCount = threads;
                                AssertSameBits(Multiply(false, transA, transB, m, n, k, a, b, beta, c0), Multiply(true, transA, transB, m, n, k, a, b, beta, c0),
                                    $"density {density}, m={m} n={n} k={k}, transA={transA} transB={transB}, β={beta}, {threads} threads");
                            }
                        }
        }
        finally
        {
            WorkerPool.ThreadCount = saved;
        }
        // Every panel of a fully dense A lists all its rows; below that the listed kernel must have run.
        if (density < 1.0) Assert.True(Gemm.ListedPanelPasses > passesBefore, "the listed-rows kernel never ran");
    }

    /// <summary>Each ISA's listed-rows tile against its dense tile, called directly on packed panels (only one ISA runs
    /// inside Multiply on a given CPU).</summary>
    [Theory]
    [InlineData(1, 0f)]
    [InlineData(7, 1f)]
    [InlineData(64, -0.5f)]
    [InlineData(261, 0f)]
    [InlineData(262, 1f)]
    public unsafe void EachListedTileEqualsItsDenseTileBitForBit(int kc, float beta)
    {
        var kernels = new List<(string Name, int Mr, int Nr, GemmIsa Isa)> { ("portable 4x8", 4, 8, GemmIsa.Portable128) };
        if (System.Runtime.Intrinsics.X86.Avx2.IsSupported && System.Runtime.Intrinsics.X86.Fma.IsSupported) kernels.Add(("avx2 6x16", 6, 16, GemmIsa.Avx2Fma));
        if (System.Runtime.Intrinsics.X86.Avx512F.IsSupported) kernels.Add(("avx512 12x32", 12, 32, GemmIsa.Avx512));
        var r = new Random(kc);
        foreach (var (name, mr, nr, isa) in kernels)
        {
            // Packed panels: A is kc rows of mr factors, a third of the rows all zero.
            float[] a = SparseOperand(r, kc, mr, false, 2.0 / 3), b = Dense(r, kc * nr), c0 = Dense(r, mr * nr);
            float[] dense = (float[])c0.Clone(), listed = (float[])c0.Clone();
            // Room past the list for the AVX-512 tile's prefetch of rows a few entries ahead.
            int[] rows = new int[kc + 16];
            fixed (float* pa = a, pb = b, pd = dense, pl = listed)
            fixed (int* pr = rows)
            {
                int count = PanelRows.ListNonzero(pa, mr, kc, pr);
                Assert.Equal(Enumerable.Range(0, kc).Count(p => Enumerable.Range(0, mr).Any(i => a[p * mr + i] != 0f)), count);
                switch (isa)
                {
                    case GemmIsa.Avx512:
                        GemmMicroKernels.Avx512Tile12x32(kc, pa, pb, pd, nr, 0.5f, beta);
                        GemmMicroKernels.Avx512IndexedTile12x32(count, pr, pa, pb, pl, nr, 0.5f, beta);
                        break;
                    case GemmIsa.Avx2Fma:
                        GemmMicroKernels.Avx2Tile6x16(kc, pa, pb, pd, nr, 0.5f, beta);
                        GemmMicroKernels.Avx2IndexedTile6x16(count, pr, pa, pb, pl, nr, 0.5f, beta);
                        break;
                    default:
                        GemmMicroKernels.PortableTile4x8(kc, pa, pb, pd, nr, 0.5f, beta);
                        GemmMicroKernels.PortableIndexedTile4x8(count, pr, pa, pb, pl, nr, 0.5f, beta);
                        break;
                }
            }
            AssertSameBits(dense, listed, $"{name}, kc={kc}, β={beta}");
        }
    }

    [Fact]
    public void ListNonzeroCountsNaNAndNotSignedZero()
    {
        unsafe
        {
            float[] panel = new float[4 * 12];
            panel[1 * 12 + 11] = float.NaN;   // row 1: a NaN factor must be multiplied, not skipped
            panel[2 * 12 + 5] = -0f;          // row 2: -0 adds ±0 like +0
            panel[3 * 12] = 1e-45f;           // row 3: the smallest subnormal is not zero
            int[] list = new int[4];
            fixed (float* p = panel)
            fixed (int* l = list)
                Assert.Equal(2, PanelRows.ListNonzero(p, 12, 4, l));
            Assert.Equal([1, 3], list[..2]);
        }
    }

    /// <summary>A B panel holding Inf or NaN keeps the dense kernel, whose 0·Inf makes NaN; the skipping path gives the
    /// same NaN and not a finite sum.</summary>
    [Theory]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    [InlineData(float.NaN)]
    public void NonFiniteWeightsOnSkippedRowsStillMakeNaN(float bad)
    {
        var r = new Random(5);
        int m = 128, n = 512, k = 784;
        float[] x = SparseOperand(r, m, k, true, 0.4), w = Dense(r, k * n), c0 = new float[m * n];
        int zeroPixel = Enumerable.Range(0, k).First(p => Enumerable.Range(0, m).All(i => x[i * k + p] == 0f));
        w[zeroPixel * n + 37] = bad;
        float[] dense = Multiply(false, false, false, m, n, k, x, w, 0f, c0), skipping = Multiply(true, false, false, m, n, k, x, w, 0f, c0);
        Assert.True(float.IsNaN(dense[37]), "0·Inf or 0·NaN is NaN in the dense sum");
        AssertSameBits(dense, skipping, $"a {bad} weight on an all-zero pixel");
    }

    /// <summary>
    /// The one documented difference: a sum whose only nonzero product underflows to -0. The dense kernel then adds a
    /// skipped +0 term (0·b with b positive) and returns +0; the skipping kernel never adds it and returns -0. Both are
    /// zero; IEEE 754 orders them equal.
    /// </summary>
    [Fact]
    public void AnUnderflowToNegativeZeroStaysNegativeWhenTheZeroTermIsSkipped()
    {
        // As wide as a product must be to list rows at all.
        int m = 12, n = Gemm.MinSkippingColumns, k = 2;
        var a = new float[m * k];
        var b = new float[k * n];
        for (int i = 0; i < m; i++) a[i * k] = 1e-30f;                         // K row 0: tiny factors; K row 1: all zero
        for (int j = 0; j < n; j++) (b[j], b[n + j]) = (-1e-30f, 1f);          // 1e-30 · -1e-30 rounds to -0
        float[] c0 = new float[m * n];
        float dense = Multiply(false, false, false, m, n, k, a, b, 0f, c0)[0], skipping = Multiply(true, false, false, m, n, k, a, b, 0f, c0)[0];
        Assert.Equal(BitConverter.SingleToInt32Bits(0f), BitConverter.SingleToInt32Bits(dense));
        // With one row of two listed, the panel is sparse enough to skip only when the threshold allows half.
        Assert.True(PanelRows.MaxListedShare >= 0.5);
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(skipping));
    }

    /// <summary>The lecture's network trained on the MNIST sample (81% zero pixels) through the skipping GEMM ends with
    /// the dense path's weights bit for bit.</summary>
    [Fact]
    public void TrainingOnTheMnistSampleEndsWithTheDensePathsWeights()
    {
        var ((allBytes, allLabels), _) = MnistSample.LoadBytes();
        var xBytes = new ByteImages(allBytes.Pixels[..(2048 * 784)], 2048, 784);
        Tensor y = allLabels[..2048];
        float[][] Train(bool skip)
        {
            Utils.SetRandomSeed(11);
            var model = new Sequential(new Input(784), new Dense(512, activation: "relu"), new Dense(10, activation: "softmax"));
            model.Compile(new RMSprop(0.001f), "sparse_categorical_crossentropy");
            Gemm.SkipZeroRows = skip;
            try
            {
                model.Fit(new ImageBatches(xBytes, y, batchSize: 128, shuffle: true, scale: 1f / 255f), epochs: 2, verbose: 0);
            }
            finally
            {
                Gemm.SkipZeroRows = true;
            }
            return model.GetWeights().Select(t => t.ToArray()).ToArray();
        }
        long before = Gemm.ListedPanelPasses;
        float[][] skipping = Train(true);
        Assert.True(Gemm.ListedPanelPasses > before, "training never took the skipping path");
        float[][] dense = Train(false);
        for (int i = 0; i < dense.Length; i++) AssertSameBits(dense[i], skipping[i], $"weight {i}");
    }
}
