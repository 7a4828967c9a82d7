using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Numerics.Tensors;

namespace Backprop.Kernels;

/// <summary>
/// One row times a matrix, c += α·Σₖ a[k]·B[k, :] (single-sample inference: the first Dense layer of the lecture's
/// network is a 784×512 product per call). B is streamed once, with no packing: packing would cost more than the
/// arithmetic. A block of C's columns stays in registers while all of B's rows for it pass, so each element of B is
/// one fused multiply-add and C is stored once (adding a row at a time into C in memory was store-bound: 0.09 ms
/// for a dense 784×512 row). Rows whose factor is zero are skipped: images are mostly zeros.
/// With several threads, column blocks are shared out; a thread usually meets the same share of B on every call (the
/// caller claims the first task), which then stays in its own core's L2 between calls.
/// </summary>
internal static unsafe class RowProduct
{
    /// <summary>Columns one register block covers: 16 vectors of 512 or 256 bits (none without AVX2 and FMA).</summary>
    private static int BlockColumns(GemmIsa isa) => isa switch { GemmIsa.Avx512 => 256, GemmIsa.Avx2Fma => 128, _ => 0 };

    /// <summary>Below this many multiply-adds the hand-off to another thread costs more than it saves.</summary>
    private const long ParallelWork = 128 * 1024;

    [ThreadStatic] private static Job? _job;

    /// <summary>c[0..n) += α·Σₚ a[p·aStride]·b[p·ldb + 0..n), with the kernels of <paramref name="isa"/> (by default the
    /// GEMM's; tests pass each one the CPU can run).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(float* a, int aStride, float* b, int ldb, float* c, int n, int k, float alpha, GemmIsa? isa = null)
    {
        GemmIsa kernels = isa ?? Gemm.Isa;
        int blockColumns = BlockColumns(kernels);
        if (blockColumns == 0)
        {
            RowByRow(a, aStride, b, ldb, c, n, k, alpha);
            return;
        }
        // The rows of B that count, listed once for every column block and thread.
        if (_scales is null || _scales.Length < k) (_scales, _rows) = (new float[k], new long[k]);
        fixed (float* scales = _scales)
        fixed (long* rows = _rows)
        {
            int count = ListNonzeroRows(a, aStride, k, alpha, ldb, scales, rows);
            if (n < 16)
            {
                Narrow(kernels, scales, rows, count, b, c, n, (long)(k - 1) * ldb + n);
                return;
            }
            int blocks = n / blockColumns;
            int threads = Math.Min(WorkerPool.ThreadCount, blocks);
            if (threads > 1 && (long)n * count >= ParallelWork)
            {
                Job job = _job ??= new Job();
                job.Set(kernels, scales, rows, count, b, c, n, blocks, threads);
                WorkerPool.Run(job, threads);
                return;
            }
            Columns(kernels, scales, rows, count, b, c, 0, n);
        }
    }

    /// <summary>
    /// Lists the factors α·a[p] that are not zero and the offsets of their rows of B; returns how many. Eight factors
    /// are tested at a time (a compare and a bit mask) when a is contiguous: one branch per element made this listing
    /// an eighth of a single-sample prediction.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ListNonzeroRows(float* a, int aStride, int k, float alpha, int ldb, float* scales, long* rows)
    {
        int count = 0, p = 0;
        if (aStride == 1)
        {
            var factor = Vector256.Create(alpha);
            for (; p + 8 <= k; p += 8)
            {
                Vector256<float> s = Vector256.Load(a + p) * factor;
                uint nonzero = ~Vector256.ExtractMostSignificantBits(Vector256.Equals(s, Vector256<float>.Zero)) & 0xFF;
                while (nonzero != 0)
                {
                    int lane = System.Numerics.BitOperations.TrailingZeroCount(nonzero);
                    nonzero &= nonzero - 1;
                    scales[count] = alpha * a[p + lane];
                    rows[count++] = (long)(p + lane) * ldb;
                }
            }
        }
        for (; p < k; p++)
        {
            float scale = alpha * a[(long)p * aStride];
            if (scale == 0f) continue;
            scales[count] = scale;
            rows[count++] = (long)p * ldb;
        }
        return count;
    }

    /// <summary>
    /// Fewer than 16 columns (a classifier's last layer): one vector covers them all, loaded whole from each listed row
    /// while the load stays inside B (it reads a few elements of the next row, whose lanes are dropped); the last rows,
    /// and any columns past eight without AVX-512, are summed one element at a time. <paramref name="end"/> is the
    /// offset just past B's last element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Narrow(GemmIsa isa, float* scales, long* rows, int count, float* b, float* c, int n, long end)
    {
        float* sums = stackalloc float[16];
        int width = isa == GemmIsa.Avx512 ? 16 : n >= 8 ? 8 : 0, i = 0;
        if (isa == GemmIsa.Avx512)
        {
            Vector512<float> acc = default;
            for (; i < count && rows[i] + 16 <= end; i++) acc = Avx512F.FusedMultiplyAdd(Vector512.Load(b + rows[i]), Vector512.Create(scales[i]), acc);
            acc.Store(sums);
        }
        else if (width == 8)
        {
            Vector256<float> acc = default;
            for (; i < count && rows[i] + 8 <= end; i++) acc = Fma.MultiplyAdd(Vector256.Load(b + rows[i]), Vector256.Create(scales[i]), acc);
            acc.Store(sums);
        }
        // Columns the vector covered: add the rows it could not load whole. Columns past it: every listed row.
        for (int j = 0; j < n; j++)
        {
            int first = j < width ? i : 0;
            float sum = j < width ? sums[j] : 0f;
            for (int r = first; r < count; r++) sum = MathF.FusedMultiplyAdd(b[rows[r] + j], scales[r], sum);
            c[j] += sum;
        }
    }

    [ThreadStatic] private static float[]? _scales;
    [ThreadStatic] private static long[]? _rows;

    /// <summary>Columns [from, to) of the product: whole register blocks, then single vectors, then the element tail.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void Columns(GemmIsa isa, float* scales, long* rows, int count, float* b, float* c, int from, int to)
    {
        int j = from;
        if (isa == GemmIsa.Avx512)
        {
            for (; j + 256 <= to; j += 256) Avx512Block(scales, rows, count, b + j, c + j);
            for (; j + 16 <= to; j += 16) Avx512Vector(scales, rows, count, b + j, c + j);
        }
        else
        {
            for (; j + 128 <= to; j += 128) Avx2Block(scales, rows, count, b + j, c + j);
        }
        for (; j < to; j++)
        {
            float sum = 0f;
            for (int i = 0; i < count; i++) sum = MathF.FusedMultiplyAdd(b[rows[i] + j], scales[i], sum);
            c[j] += sum;
        }
    }

    /// <summary>Any width, any ISA: C's columns updated in memory one row of B at a time.</summary>
    private static void RowByRow(float* a, int aStride, float* b, int ldb, float* c, int n, int k, float alpha)
    {
        var row = new Span<float>(c, n);
        for (int p = 0; p < k; p++)
        {
            float scale = alpha * a[(long)p * aStride];
            if (scale != 0f) TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(b + (long)p * ldb, n), scale, row, row);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Avx512Vector(float* scales, long* rows, int count, float* b, float* c)
    {
        Vector512<float> acc = default;
        for (int i = 0; i < count; i++) acc = Avx512F.FusedMultiplyAdd(Vector512.Load(b + rows[i]), Vector512.Create(scales[i]), acc);
        Vector512.Store(Vector512.Load(c) + acc, c);
    }

    // Call-free, like the GEMM micro-kernels: a call inside the loop would push the accumulators to memory.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Avx512Block(float* scales, long* rows, int count, float* b, float* c)
    {
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        Vector512<float> c8 = default, c9 = default, c10 = default, c11 = default, c12 = default, c13 = default, c14 = default, c15 = default;
        for (int i = 0; i < count; i++)
        {
            Vector512<float> s = Vector512.Create(scales[i]);
            float* r = b + rows[i];
            c0 = Avx512F.FusedMultiplyAdd(Vector512.Load(r), s, c0);
            c1 = Avx512F.FusedMultiplyAdd(Vector512.Load(r + 16), s, c1);
            c2 = Avx512F.FusedMultiplyAdd(Vector512.Load(r + 32), s, c2);
            c3 = Avx512F.FusedMultiplyAdd(Vector512.Load(r + 48), s, c3);
            c4 = Avx512F.FusedMultiplyAdd(Vector512.Load(r + 64), s, c4);
            c5 = Avx512F.FusedMultiplyAdd(Vector512.Load(r + 80), s, c5);
            c6 = Avx512F.FusedMultiplyAdd(Vector512.Load(r + 96), s, c6);
            c7 = Avx512F.FusedMultiplyAdd(Vector512.Load(r + 112), s, c7);
            c8 = Avx512F.FusedMultiplyAdd(Vector512.Load(r + 128), s, c8);
            c9 = Avx512F.FusedMultiplyAdd(Vector512.Load(r + 144), s, c9);
            c10 = Avx512F.FusedMultiplyAdd(Vector512.Load(r + 160), s, c10);
            c11 = Avx512F.FusedMultiplyAdd(Vector512.Load(r + 176), s, c11);
            c12 = Avx512F.FusedMultiplyAdd(Vector512.Load(r + 192), s, c12);
            c13 = Avx512F.FusedMultiplyAdd(Vector512.Load(r + 208), s, c13);
            c14 = Avx512F.FusedMultiplyAdd(Vector512.Load(r + 224), s, c14);
            c15 = Avx512F.FusedMultiplyAdd(Vector512.Load(r + 240), s, c15);
        }
        Vector512.Store(Vector512.Load(c) + c0, c);
        Vector512.Store(Vector512.Load(c + 16) + c1, c + 16);
        Vector512.Store(Vector512.Load(c + 32) + c2, c + 32);
        Vector512.Store(Vector512.Load(c + 48) + c3, c + 48);
        Vector512.Store(Vector512.Load(c + 64) + c4, c + 64);
        Vector512.Store(Vector512.Load(c + 80) + c5, c + 80);
        Vector512.Store(Vector512.Load(c + 96) + c6, c + 96);
        Vector512.Store(Vector512.Load(c + 112) + c7, c + 112);
        Vector512.Store(Vector512.Load(c + 128) + c8, c + 128);
        Vector512.Store(Vector512.Load(c + 144) + c9, c + 144);
        Vector512.Store(Vector512.Load(c + 160) + c10, c + 160);
        Vector512.Store(Vector512.Load(c + 176) + c11, c + 176);
        Vector512.Store(Vector512.Load(c + 192) + c12, c + 192);
        Vector512.Store(Vector512.Load(c + 208) + c13, c + 208);
        Vector512.Store(Vector512.Load(c + 224) + c14, c + 224);
        Vector512.Store(Vector512.Load(c + 240) + c15, c + 240);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Avx2Block(float* scales, long* rows, int count, float* b, float* c)
    {
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        Vector256<float> c8 = default, c9 = default, c10 = default, c11 = default, c12 = default, c13 = default, c14 = default, c15 = default;
        for (int i = 0; i < count; i++)
        {
            Vector256<float> s = Vector256.Create(scales[i]);
            float* r = b + rows[i];
            c0 = Fma.MultiplyAdd(Vector256.Load(r), s, c0);
            c1 = Fma.MultiplyAdd(Vector256.Load(r + 8), s, c1);
            c2 = Fma.MultiplyAdd(Vector256.Load(r + 16), s, c2);
            c3 = Fma.MultiplyAdd(Vector256.Load(r + 24), s, c3);
            c4 = Fma.MultiplyAdd(Vector256.Load(r + 32), s, c4);
            c5 = Fma.MultiplyAdd(Vector256.Load(r + 40), s, c5);
            c6 = Fma.MultiplyAdd(Vector256.Load(r + 48), s, c6);
            c7 = Fma.MultiplyAdd(Vector256.Load(r + 56), s, c7);
            c8 = Fma.MultiplyAdd(Vector256.Load(r + 64), s, c8);
            c9 = Fma.MultiplyAdd(Vector256.Load(r + 72), s, c9);
            c10 = Fma.MultiplyAdd(Vector256.Load(r + 80), s, c10);
            c11 = Fma.MultiplyAdd(Vector256.Load(r + 88), s, c11);
            c12 = Fma.MultiplyAdd(Vector256.Load(r + 96), s, c12);
            c13 = Fma.MultiplyAdd(Vector256.Load(r + 104), s, c13);
            c14 = Fma.MultiplyAdd(Vector256.Load(r + 112), s, c14);
            c15 = Fma.MultiplyAdd(Vector256.Load(r + 120), s, c15);
        }
        Vector256.Store(Vector256.Load(c) + c0, c);
        Vector256.Store(Vector256.Load(c + 8) + c1, c + 8);
        Vector256.Store(Vector256.Load(c + 16) + c2, c + 16);
        Vector256.Store(Vector256.Load(c + 24) + c3, c + 24);
        Vector256.Store(Vector256.Load(c + 32) + c4, c + 32);
        Vector256.Store(Vector256.Load(c + 40) + c5, c + 40);
        Vector256.Store(Vector256.Load(c + 48) + c6, c + 48);
        Vector256.Store(Vector256.Load(c + 56) + c7, c + 56);
        Vector256.Store(Vector256.Load(c + 64) + c8, c + 64);
        Vector256.Store(Vector256.Load(c + 72) + c9, c + 72);
        Vector256.Store(Vector256.Load(c + 80) + c10, c + 80);
        Vector256.Store(Vector256.Load(c + 88) + c11, c + 88);
        Vector256.Store(Vector256.Load(c + 96) + c12, c + 96);
        Vector256.Store(Vector256.Load(c + 104) + c13, c + 104);
        Vector256.Store(Vector256.Load(c + 112) + c14, c + 112);
        Vector256.Store(Vector256.Load(c + 120) + c15, c + 120);
    }

    /// <summary>The product split by columns: task t takes a contiguous run of register blocks (the last also the
    /// columns after them), so a task's share of B is the same on every call.</summary>
    private sealed class Job : IParallelJob
    {
        private GemmIsa _isa;
        private float* _scales, _b, _c;
        private long* _rows;
        private int _count, _n, _blocks, _tasks;

        public void Set(GemmIsa isa, float* scales, long* rows, int count, float* b, float* c, int n, int blocks, int tasks)
        {
            _isa = isa;
            _scales = scales;
            _rows = rows;
            _b = b;
            _c = c;
            (_count, _n, _blocks, _tasks) = (count, n, blocks, tasks);
        }

        public void Execute(int task)
        {
            int width = BlockColumns(_isa);
            int from = _blocks * task / _tasks * width;
            int to = task == _tasks - 1 ? _n : _blocks * (task + 1) / _tasks * width;
            Columns(_isa, _scales, _rows, _count, _b, _c, from, to);
        }
    }
}
