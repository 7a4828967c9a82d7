using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Kernels;

/// <summary>
/// Single-precision GEMM, C = α·op(A)·op(B) + β·C, row-major, in the BLIS layout: B is packed in
/// KC×NC blocks (kept in L2) of NR-wide panels, A in MR-tall panels (one stays in L1 while the
/// B panels stream past it), and a register-tile micro-kernel does the arithmetic.
/// Transposes are absorbed by the packing. Threads split the M/N tiles and never the K sum,
/// and the K blocking does not depend on the thread count, so results are bit-identical for
/// any number of threads. They are not bit-identical across batch sizes: a single row (m = 1)
/// goes to <see cref="RowProduct"/>, whose sum over K runs in another order and skips zero
/// factors, so one sample predicted alone can differ from the same sample inside a batch in the
/// last bits (relative differences around 1e-7, as in PyTorch and oneDNN, whose kernels also
/// depend on the batch size). Tests hold the two within a few ulps of a float64 reference.
/// </summary>
internal static unsafe class Gemm
{
    // The K block's largest height. A product's K is cut into equal blocks no taller than this (784 → 3 × 262, not
    // 256 + 256 + 256 + 16, whose thin last block costs a full pass of packing and C updates for 2% of the work).
    private const int KC = 320;
    private const int NC = 512;
    private const int MaxTileElements = 12 * 32;

    public static readonly GemmIsa Isa = DetectIsa();
    private static readonly int MR = Isa switch { GemmIsa.Avx512 => 12, GemmIsa.Avx2Fma => 6, _ => 4 };
    private static readonly int NR = Isa switch { GemmIsa.Avx512 => 32, GemmIsa.Avx2Fma => 16, _ => 8 };
    private static readonly delegate*<int, float*, float*, float*, int, float, float, void> Tile = Isa switch
    {
        GemmIsa.Avx512 => &GemmMicroKernels.Avx512Tile12x32,
        GemmIsa.Avx2Fma => &GemmMicroKernels.Avx2Tile6x16,
        _ => &GemmMicroKernels.PortableTile4x8,
    };
    private static readonly delegate*<int, int*, float*, float*, float*, int, float, float, void> IndexedTile = Isa switch
    {
        GemmIsa.Avx512 => &GemmMicroKernels.Avx512IndexedTile12x32,
        GemmIsa.Avx2Fma => &GemmMicroKernels.Avx2IndexedTile6x16,
        _ => &GemmMicroKernels.PortableIndexedTile4x8,
    };
    // The same tiles with the epilogue (C ← relu(C + bias)) applied to the registers before they are stored, for a full
    // tile's last K block.
    private static readonly delegate*<int, float*, float*, float*, int, float, float, float*, bool, void> FinishingTile = Isa switch
    {
        GemmIsa.Avx512 => &GemmMicroKernels.Avx512Tile12x32Epilogue,
        GemmIsa.Avx2Fma => &GemmMicroKernels.Avx2Tile6x16Epilogue,
        _ => &GemmMicroKernels.PortableTile4x8Epilogue,
    };
    private static readonly delegate*<int, int*, float*, float*, float*, int, float, float, float*, bool, void> FinishingIndexedTile = Isa switch
    {
        GemmIsa.Avx512 => &GemmMicroKernels.Avx512IndexedTile12x32Epilogue,
        GemmIsa.Avx2Fma => &GemmMicroKernels.Avx2IndexedTile6x16Epilogue,
        _ => &GemmMicroKernels.PortableIndexedTile4x8Epilogue,
    };

    [ThreadStatic] private static GemmJob? _job;

    /// <summary>Whether products skip the all-zero K rows of A's packed panels (<see cref="PanelRows"/>); off, every
    /// tile runs the dense micro-kernel. Read once per product: tests and the benchmark compare the two paths.</summary>
    internal static bool SkipZeroRows { get; set; } = true;

    /// <summary>Products narrower than this many columns never list zero rows (see <see cref="GemmJob.Run"/>).</summary>
    internal const int MinSkippingColumns = 128;

    /// <summary>How many panel passes have run the listed-rows kernel since start-up (tests check the path ran).</summary>
    internal static long ListedPanelPasses => Interlocked.Read(ref s_listedPanelPasses);
    private static long s_listedPanelPasses;

    /// <summary>The register tile (rows of A, columns of B) the micro-kernel computes.</summary>
    internal static (int Rows, int Columns) TileShape => (MR, NR);

    /// <summary>One micro-kernel call on packed panels (the benchmark's ceiling measurement).</summary>
    internal static void RunTile(int kc, float* a, float* b, float* c, int ldc, float alpha, float beta) => Tile(kc, a, b, c, ldc, alpha, beta);

    /// <summary>Width in bits of the vectors the micro-kernel uses.</summary>
    public static int VectorBits => Isa switch { GemmIsa.Avx512 => 512, GemmIsa.Avx2Fma => 256, _ => 128 };

    // .NET reports Vector512.IsHardwareAccelerated false on CPUs where it prefers 256-bit
    // (Cascade Lake among them), yet 512-bit FMAs run 1.75x faster there: ask Avx512F directly.
    private static GemmIsa DetectIsa()
    {
        string? forced = Environment.GetEnvironmentVariable("BACKPROP_GEMM_ISA");
        if (Avx512F.IsSupported && forced is null or "avx512") return GemmIsa.Avx512;
        if (Avx2.IsSupported && Fma.IsSupported && forced is null or "avx512" or "avx2") return GemmIsa.Avx2Fma;
        return GemmIsa.Portable128;
    }

    /// <summary>
    /// C[m×n] = α·op(A)·op(B) + β·C where op(A) is m×k and op(B) is k×n. A is read from
    /// <paramref name="a"/> starting at <paramref name="aOffset"/> with row stride <paramref name="lda"/>
    /// (rows of A, or of Aᵀ when <paramref name="transA"/>); likewise B and C. With β = 0, C is overwritten.
    /// </summary>
    /// <remarks>With a <paramref name="bias"/> (one value per column of C, from <paramref name="biasOffset"/>) or
    /// <paramref name="relu"/>, each tile of C is then finished as C ← relu(C + bias) while it is still in L1 (a convolution's
    /// epilogue): the values a separate pass over C would give, bit for bit, without reading C back from memory.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc,
        float[]? bias = null, int biasOffset = 0, bool relu = false)
    {
        if (m == 0 || n == 0) return;
        CheckBias(bias, biasOffset, n);
        fixed (float* pa = a, pb = b, pc = c, pbias = bias)
        {
            float* cPtr = pc + cOffset, biasPtr = bias is null ? null : pbias + biasOffset;
            if (k == 0 || alpha == 0f || (m == 1 && !transB))
            {
                ScaleC(cPtr, m, n, ldc, beta);
                if (k != 0 && alpha != 0f) RowProduct.Multiply(pa + aOffset, transA ? lda : 1, pb + bOffset, ldb, cPtr, n, k, alpha);
                if (biasPtr != null || relu) ActivationKernels.BiasReluRows(cPtr, ldc, m, n, biasPtr, relu);
                return;
            }
            // β is applied by the micro-kernel on the first K block: no separate pass over C.
            GemmJob job = _job ??= new GemmJob();
            job.Run(transA, transB, m, n, k, alpha, pa + aOffset, lda, pb + bOffset, ldb, beta, cPtr, ldc, biasPtr, relu);
        }
    }

    /// <summary>A bias for the epilogue must hold a value for each of the <paramref name="n"/> columns.</summary>
    private static void CheckBias(float[]? bias, int biasOffset, int n)
    {
        if (bias is not null && bias.Length - biasOffset < n)
            throw new ArgumentException($"The GEMM's bias needs {n} values from offset {biasOffset}, got an array of {bias.Length}.", nameof(bias));
    }

    /// <summary>
    /// <see cref="Multiply"/> with op(A) packed by <paramref name="a"/> (<see cref="IPackedOperand"/>; its rows from
    /// <paramref name="aRow0"/>, its columns from <paramref name="aColumn0"/>), never read as a matrix. Every product goes
    /// through the packed GEMM, a single row too (<see cref="Multiply"/> would send that to <see cref="RowProduct"/>, whose
    /// sums run in another order): callers that must match <see cref="Multiply"/> bit for bit use this for m ≥ 2.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyPacked(IPackedOperand a, int aRow0, int aColumn0, bool transB, int m, int n, int k, float alpha,
        float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc, float[]? bias = null, int biasOffset = 0, bool relu = false)
    {
        if (m == 0 || n == 0) return;
        CheckBias(bias, biasOffset, n);
        fixed (float* pb = b, pc = c, pbias = bias)
        {
            float* cPtr = pc + cOffset, biasPtr = bias is null ? null : pbias + biasOffset;
            if (k == 0 || alpha == 0f)
            {
                ScaleC(cPtr, m, n, ldc, beta);
                if (biasPtr != null || relu) ActivationKernels.BiasReluRows(cPtr, ldc, m, n, biasPtr, relu);
                return;
            }
            GemmJob job = _job ??= new GemmJob();
            job.Operand = (a, aRow0, aColumn0);
            try { job.Run(false, transB, m, n, k, alpha, null, 0, pb + bOffset, ldb, beta, cPtr, ldc, biasPtr, relu); }
            finally { job.Operand = default; }
        }
    }

    private static void ScaleC(float* c, int m, int n, int ldc, float beta)
    {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++)
        {
            var row = new Span<float>(c + (long)i * ldc, n);
            if (beta == 0f) row.Clear();
            else System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
        }
    }

    private enum Phase { PackBoth, Compute, PackB, PackAThenCompute, PackAllA, Slab }

    /// <summary>One cache block of the product: columns [Jc, Jc + Nc) of op(B) and C, rows [Pc, Pc + Kc) of op(B).</summary>
    private readonly record struct Block(int Jc, int Nc, int Pc, int Kc);

    /// <summary>The state of one GEMM call, shared with the worker threads; reused across calls on a thread.</summary>
    private sealed class GemmJob : IParallelJob
    {
        private float[] _packedA = [];
        private float[] _packedB = [];
        // Per packed A panel (slot): the K rows that hold a nonzero factor and how many (PanelRows); per B panel of the
        // current block: 0 while not yet tested, 1 when finite, 2 when it holds Inf or NaN.
        private int[] _lists = [], _counts = [], _bState = [];
        private int* _lp;
        private float* _a, _b, _c, _ap, _bp, _bias;

        /// <summary>Where op(A) comes from instead of <c>_a</c> (with the offsets of its rows and columns), for one product.</summary>
        public (IPackedOperand? Source, int Row0, int Column0) Operand;
        private bool _relu, _epilogue;
        private bool _transA, _transB;
        private Phase _phase;
        private Block _block;
        private int _m, _n, _k, _lda, _ldb, _ldc, _aPanels, _bPanels, _nGroups, _packTasks, _kcStep;
        private float _alpha, _beta;
        private bool _skipZeroRows;
        [ThreadStatic] private static float[]? _panelScratch;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc,
            float* bias = null, bool relu = false)
        {
            (_transA, _transB, _m, _n, _k, _alpha, _beta, _lda, _ldb, _ldc) = (transA, transB, m, n, k, alpha, beta, lda, ldb, ldc);
            _bias = bias;
            (_relu, _epilogue) = (relu, bias != null || relu);
            // Listing a panel's rows costs about as much as a few B panels' worth of its multiply-adds: on a narrow
            // product (a convolution's 32 or 64 filters, a classifier's 10 units) it costs more than it saves. Measured
            // on Keras's MNIST convnet: listing every product made an epoch 15% slower (AVX-512). The bound is in
            // columns, not panels: at 4 panels it let the AVX2 kernel's 16-wide panels list the 64-filter convolution,
            // and an epoch ran 6% slower and evaluate 13% slower than with 128 columns (Zen 3, 4 alternated runs).
            _skipZeroRows = SkipZeroRows && n >= MinSkippingColumns;
            _a = a;
            _b = b;
            _c = c;
            _aPanels = (m + MR - 1) / MR;
            int threads = WorkerPool.ThreadCount, allBPanels = (n + NR - 1) / NR, kBlocks = (k + KC - 1) / KC;
            // Depends on k alone, never on the thread count: the sums are cut at the same places on any machine load.
            _kcStep = (k + kBlocks - 1) / kBlocks;
            // Few rows (an MLP batch) on several threads: split N over the whole product in one parallel phase after
            // packing all of A, instead of two barriers for every cache block.
            bool slabs = threads > 1 && _aPanels * MR <= 256 && allBPanels >= 2 * threads;
            // 16 floats of slack so the panels can start on a 64-byte boundary: an unaligned 512-bit load splits
            // across two cache lines, which halves the micro-kernel's load throughput.
            int packedALength = _aPanels * MR * KC * (slabs ? kBlocks : 1) + 16;
            int packedBLength = (slabs ? allBPanels : (NC + NR - 1) / NR) * NR * KC + 16;
            if (_packedA.Length < packedALength) _packedA = GC.AllocateUninitializedArray<float>(packedALength, pinned: true);
            if (_packedB.Length < packedBLength) _packedB = GC.AllocateUninitializedArray<float>(packedBLength, pinned: true);
            int slots = _aPanels * (slabs ? kBlocks : 1), bPanelSlots = slabs ? allBPanels : (NC + NR - 1) / NR;
            if (_counts.Length < slots) (_counts, _lists) = (new int[slots], GC.AllocateUninitializedArray<int>(slots * KC + 16, pinned: true));
            if (_bState.Length < bPanelSlots) _bState = new int[bPanelSlots];
            // Pinned arrays never move, so their addresses stay valid outside a fixed block.
            fixed (float* ap = _packedA, bp = _packedB)
            fixed (int* lp = _lists)
            {
                _ap = AlignTo64(ap);
                _bp = AlignTo64(bp);
                _lp = lp;
            }

            if (slabs)
            {
                _phase = Phase.PackAllA;
                WorkerPool.Run(this, _aPanels * kBlocks);
                // Each slab packs the B panels it alone uses, so they stay in its core's L2; the packed A is shared.
                _bPanels = allBPanels;
                _nGroups = Math.Min(allBPanels, 2 * threads);
                _phase = Phase.Slab;
                WorkerPool.Run(this, _nGroups);
                return;
            }
            for (int jc = 0; jc < n; jc += NC)
            {
                int nc = Math.Min(NC, n - jc);
                _bPanels = (nc + NR - 1) / NR;
                for (int pc = 0; pc < k; pc += _kcStep)
                {
                    _block = new Block(jc, nc, pc, Math.Min(_kcStep, k - pc));
                    Array.Clear(_bState, 0, _bPanels);
                    // Enough tasks for every thread to stay busy; split N too only when M has too few panels.
                    int wanted = 4 * threads;
                    _nGroups = _aPanels >= wanted ? 1 : Math.Min(_bPanels, (wanted + _aPanels - 1) / _aPanels);
                    if (_nGroups == 1)
                    {
                        // One task per A panel: it packs its panel into a per-thread buffer that stays in L1, so the
                        // packed A never passes through L2 and evicts the B block the other panels still need.
                        _phase = Phase.PackB;
                        _packTasks = Math.Min(threads, _block.Kc);
                        WorkerPool.Run(this, _packTasks);
                        _phase = Phase.PackAThenCompute;
                        WorkerPool.Run(this, _aPanels);
                        continue;
                    }
                    _phase = Phase.PackBoth;
                    WorkerPool.Run(this, _aPanels + _bPanels);
                    _phase = Phase.Compute;
                    WorkerPool.Run(this, _aPanels * _nGroups);
                }
            }
        }

        private static float* AlignTo64(float* p) => (float*)(((nuint)p + 63) & ~(nuint)63);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Execute(int task)
        {
            Block block = _block;
            switch (_phase)
            {
                case Phase.PackBoth:
                    if (task < _aPanels) PackA(task, _ap + (long)task * MR * block.Kc, block, task);
                    else PackB(task - _aPanels, task - _aPanels + 1, 0, block.Kc, block);
                    return;
                case Phase.PackB:
                    PackB(0, _bPanels, task * block.Kc / _packTasks, (task + 1) * block.Kc / _packTasks, block);
                    return;
                case Phase.PackAThenCompute:
                {
                    _panelScratch ??= GC.AllocateUninitializedArray<float>(MR * KC + 16, pinned: true);
                    fixed (float* scratch = _panelScratch)
                    {
                        float* ap = AlignTo64(scratch);
                        PackA(task, ap, block, task);
                        ComputePanel(task, 0, _bPanels, ap, block, task);
                    }
                    return;
                }
                case Phase.PackAllA:
                {
                    int kBlock = task / _aPanels, panel = task % _aPanels;
                    Block slab = SlabBlock(kBlock);
                    PackA(panel, PackedAllA(kBlock, panel, slab.Kc), slab, task);
                    return;
                }
                case Phase.Slab:
                {
                    int q0 = task * _bPanels / _nGroups, q1 = (task + 1) * _bPanels / _nGroups;
                    for (int kBlock = 0; kBlock * _kcStep < _k; kBlock++)
                    {
                        Block slab = SlabBlock(kBlock);
                        PackB(q0, q1, 0, slab.Kc, slab);
                        Array.Clear(_bState, q0, q1 - q0);   // this slab's own panels, freshly packed
                        for (int panel = 0; panel < _aPanels; panel++)
                            ComputePanel(panel, q0, q1, PackedAllA(kBlock, panel, slab.Kc), slab, kBlock * _aPanels + panel);
                    }
                    return;
                }
                default:
                {
                    int panel = task / _nGroups, group = task % _nGroups;
                    int q0 = group * _bPanels / _nGroups, q1 = (group + 1) * _bPanels / _nGroups;
                    ComputePanel(panel, q0, q1, _ap + (long)panel * MR * block.Kc, block, panel);
                    return;
                }
            }
        }

        /// <summary>K block <paramref name="kBlock"/> over all of N: the slab path's cache block.</summary>
        private Block SlabBlock(int kBlock) => new(0, _n, kBlock * _kcStep, Math.Min(_kcStep, _k - kBlock * _kcStep));

        /// <summary>Where the slab path keeps A panel <paramref name="panel"/> of K block <paramref name="kBlock"/>.</summary>
        private float* PackedAllA(int kBlock, int panel, int kc) => _ap + (long)kBlock * _aPanels * MR * KC + (long)panel * MR * kc;

        // Packing runs inside every product of a training step: optimised from the first call, like the micro-kernels,
        // instead of tier-0 code and on-stack replacement through the first epoch.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void PackA(int panel, float* dst, Block block, int slot)
        {
            int i0 = panel * MR, rows = Math.Min(MR, _m - i0);
            if (Operand.Source is { } source) source.PackPanel(Operand.Row0 + i0, rows, Operand.Column0 + block.Pc, block.Kc, dst, MR);
            else if (!_transA) GemmPacking.Transpose(_a + (long)i0 * _lda + block.Pc, _lda, rows, block.Kc, dst, MR);
            else GemmPacking.CopyRows(_a + (long)block.Pc * _lda + i0, _lda, rows, block.Kc, dst, MR);
            GemmPacking.ZeroTail(dst, rows, MR, block.Kc);
            _counts[slot] = _skipZeroRows ? PanelRows.ListNonzero(dst, MR, block.Kc, _lp + (long)slot * KC) : block.Kc;
        }

        /// <summary>Whether B panel <paramref name="q"/> of the current block is finite, tested once per block (two
        /// threads may both test it and store the same answer).</summary>
        private bool BPanelFinite(int q, int kc)
        {
            int state = _bState[q];
            if (state == 0) _bState[q] = state = PanelRows.AllFinite(PackedB(q), (long)kc * NR) ? 1 : 2;
            return state == 1;
        }

        /// <summary>
        /// Where B panel <paramref name="q"/> is packed: a fixed KC-row stride, because slabs of different threads
        /// can be in different K blocks (of different heights) at the same time.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private float* PackedB(int q) => _bp + (long)q * NR * KC;

        /// <summary>Packs B panels [q0, q1) of the block, their rows [k0, k1).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void PackB(int q0, int q1, int k0, int k1, Block block)
        {
            int kc = block.Kc;
            if (!_transB)
            {
                // Row by row across all the panels: each source row is read once, front to back. Panel by panel
                // would read 128 bytes from each of KC rows a page apart, which the prefetcher does not follow.
                for (int kk = k0; kk < k1; kk++)
                {
                    float* src = _b + (long)(block.Pc + kk) * _ldb + block.Jc;
                    for (int q = q0; q < q1; q++)
                    {
                        int cols = Math.Min(NR, block.Nc - q * NR);
                        float* dst = PackedB(q) + (long)kk * NR, from = src + q * NR;
                        if (cols == NR)
                        {
                            // NR is a multiple of 8: inline vector copies, not a call per 128-byte row.
                            for (int c = 0; c < NR; c += 8) Vector256.Store(Vector256.Load(from + c), dst + c);
                            continue;
                        }
                        GemmPacking.CopyRows(from, 0, cols, 1, dst, NR);
                        new Span<float>(dst + cols, NR - cols).Clear();
                    }
                }
                return;
            }
            for (int q = q0; q < q1; q++)
            {
                float* dst = PackedB(q) + (long)k0 * NR;
                int j0 = block.Jc + q * NR, cols = Math.Min(NR, block.Jc + block.Nc - j0);
                GemmPacking.Transpose(_b + (long)j0 * _ldb + block.Pc + k0, _ldb, cols, k1 - k0, dst, NR);
                GemmPacking.ZeroTail(dst, cols, NR, k1 - k0);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ComputePanel(int panel, int q0, int q1, float* ap, Block block, int slot)
        {
            int i0 = panel * MR, rows = Math.Min(MR, _m - i0), kc = block.Kc;
            float* tile = stackalloc float[MaxTileElements];
            // β applies once, on the first K block; later blocks add to what the earlier ones wrote; the epilogue after the last.
            float beta = block.Pc == 0 ? _beta : 1f;
            bool finish = _epilogue && block.Pc + kc == _k;
            int listed = _counts[slot];
            int* list = _lp + (long)slot * KC;
            bool sparse = listed <= PanelRows.MaxListedShare * kc;
            if (sparse) Interlocked.Increment(ref s_listedPanelPasses);
            for (int q = q0; q < q1; q++)
            {
                int j0 = block.Jc + q * NR, cols = Math.Min(NR, block.Jc + block.Nc - j0);
                float* bp = PackedB(q);
                float* cTile = _c + (long)i0 * _ldc + j0;
                bool skip = sparse && BPanelFinite(q, kc);
                if (rows == MR && cols == NR)
                {
                    if (finish)
                    {
                        float* bias = _bias == null ? null : _bias + j0;
                        if (skip) FinishingIndexedTile(listed, list, ap, bp, cTile, _ldc, _alpha, beta, bias, _relu);
                        else FinishingTile(kc, ap, bp, cTile, _ldc, _alpha, beta, bias, _relu);
                    }
                    else if (skip) IndexedTile(listed, list, ap, bp, cTile, _ldc, _alpha, beta);
                    else Tile(kc, ap, bp, cTile, _ldc, _alpha, beta);
                    continue;
                }
                // Edge tile: compute the full register tile into scratch, then merge the valid part.
                if (skip) IndexedTile(listed, list, ap, bp, tile, NR, _alpha, 0f);
                else Tile(kc, ap, bp, tile, NR, _alpha, 0f);
                for (int r = 0; r < rows; r++)
                    for (int c = 0; c < cols; c++)
                    {
                        float* target = cTile + (long)r * _ldc + c;
                        *target = beta == 0f ? tile[r * NR + c] : beta == 1f ? *target + tile[r * NR + c] : *target * beta + tile[r * NR + c];
                    }
                if (finish) ActivationKernels.BiasReluRows(cTile, _ldc, rows, cols, _bias == null ? null : _bias + j0, _relu);
            }
        }
    }
}
