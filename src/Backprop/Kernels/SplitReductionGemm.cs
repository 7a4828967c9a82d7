namespace Backprop.Kernels;

/// <summary>
/// C[m×n] = op(A)ᵀ·B + β·C for a weight gradient whose reduction is long and whose output is small (a first convolution's
/// kernel gradient: 9·32 values summed over 86,528 positions), which the GEMM alone runs on one thread because it never
/// splits the reduction. Here the reduction is cut into chunks of <see cref="ChunkRows"/> — a fixed length, so the sums
/// are cut at the same places on any number of threads and the result is bit-identical for every thread count — each
/// chunk's product goes to its own partial matrix on some thread, and the partials are added in chunk order.
/// </summary>
internal sealed class SplitReductionGemm : IParallelJob
{
    public const int ChunkRows = 4096;

    /// <summary>Worth it when the reduction spans several chunks and C is small enough that one thread would do it all.</summary>
    public static bool Pays(int m, int n, int k) => k >= 2 * ChunkRows && (long)m * n <= 64 * 1024;

    [ThreadStatic] private static SplitReductionGemm? t_job;

    private float[] _partials = [];
    private float[]? _a, _b;
    private IPackedOperand? _operand;
    private int _m, _n, _k, _aOffset, _lda, _bOffset, _ldb;

    /// <summary>C = Aᵀ·B + β·C with A [k rows of lda] and B [k rows of ldb]: the reduction runs down the rows of both.</summary>
    public static void Multiply(int m, int n, int k, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) =>
        Run(null, m, n, k, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);

    /// <summary>As <see cref="Multiply"/> with op(A) = Aᵀ packed by <paramref name="a"/> (its columns are the reduction):
    /// each chunk's product is <see cref="Gemm.MultiplyPacked"/> from the chunk's first column. The same sums as
    /// <see cref="Multiply"/> over the matrix the operand stands for, for m ≥ 2.</summary>
    public static void MultiplyPacked(IPackedOperand a, int m, int n, int k, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) =>
        Run(a, m, n, k, null, 0, 0, b, bOffset, ldb, beta, c, cOffset, ldc);

    private static void Run(IPackedOperand? operand, int m, int n, int k, float[]? a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc)
    {
        SplitReductionGemm job = t_job ??= new SplitReductionGemm();
        job._operand = operand;
        int chunks = (k + ChunkRows - 1) / ChunkRows;
        if (job._partials.Length < chunks * m * n) job._partials = new float[chunks * m * n];
        (job._a, job._b, job._m, job._n, job._k, job._aOffset, job._lda, job._bOffset, job._ldb) = (a, b, m, n, k, aOffset, lda, bOffset, ldb);
        WorkerPool.Run(job, chunks);
        float[] partials = job._partials;
        for (int i = 0; i < m; i++)
        {
            // The chunks' sum in chunk order, then β·C added to it as the GEMM's β would be.
            Span<float> sum = partials.AsSpan(i * n, n), row = c.AsSpan(cOffset + i * ldc, n);
            for (int chunk = 1; chunk < chunks; chunk++)
                Elementwise.Binary<AddOperator>(sum, partials.AsSpan(chunk * m * n + i * n, n), sum);
            if (beta == 0f) sum.CopyTo(row);
            else
            {
                if (beta != 1f) Elementwise.Binary<MultiplyOperator>(row, beta, row);
                Elementwise.Binary<AddOperator>(row, sum, row);
            }
        }
        (job._a, job._b, job._operand) = (null, null, null);
    }

    public void Execute(int task)
    {
        int start = task * ChunkRows, rows = Math.Min(ChunkRows, _k - start);
        if (_operand is not null)
        {
            Gemm.MultiplyPacked(_operand, 0, start, false, _m, _n, rows, 1f, _b!, _bOffset + start * _ldb, _ldb, 0f, _partials, task * _m * _n, _n);
            return;
        }
        Gemm.Multiply(true, false, _m, _n, rows, 1f, _a!, _aOffset + start * _lda, _lda, _b!, _bOffset + start * _ldb, _ldb, 0f, _partials, task * _m * _n, _n);
    }
}
