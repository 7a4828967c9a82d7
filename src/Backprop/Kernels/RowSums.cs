namespace Backprop.Kernels;

/// <summary>
/// Column sums over many rows, split over the kernel threads: a convolution's bias gradient sums every output position
/// (86,528 rows of 32 for keras-io's first convolution, 11 MB a step), which one thread reads at a fraction of what two
/// cores can. The rows are cut into chunks of <see cref="ChunkRows"/> whatever the thread count; each chunk is summed row by
/// row (<see cref="Reductions.SumRows"/>), then the chunks' sums are added in chunk order, so the result is the same for
/// any thread count. Up to <see cref="ChunkRows"/> rows there is one chunk, and the result is the row-by-row loop's bit for
/// bit (a Dense layer's batch).
/// </summary>
internal sealed unsafe class RowSums : IParallelJob
{
    /// <summary>Rows per chunk: 512 KB of 32 columns, tens of microseconds of reading against a few for the hand-off.</summary>
    internal const int ChunkRows = 4096;

    [ThreadStatic] private static RowSums? t_job;

    private float[] _partials = [];
    private float* _values, _chunkSums;
    private int _rows, _columns, _chunks, _tasks;

    /// <summary>sums[j] (+)= Σ_i values[i·columns + j] over <paramref name="rows"/> rows, in the chunked order above.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Sum(ReadOnlySpan<float> values, int rows, int columns, Span<float> sums, bool accumulate)
    {
        if (rows <= ChunkRows || columns == 0)
        {
            Reductions.SumRows(values, rows, columns, sums, accumulate);
            return;
        }
        if (values.Length < (long)rows * columns || sums.Length < columns)
            throw new ArgumentException($"SumRows needs {(long)rows * columns} values and {columns} sums, got {values.Length} and {sums.Length}.");
        RowSums job = t_job ??= new RowSums();
        int chunks = (rows + ChunkRows - 1) / ChunkRows;
        if (job._partials.Length < chunks * columns) job._partials = GC.AllocateUninitializedArray<float>(chunks * columns);
        fixed (float* v = values, partials = job._partials)
        {
            job._values = v;
            job._chunkSums = partials;
            (job._rows, job._columns, job._chunks) = (rows, columns, chunks);
            job._tasks = Math.Min(WorkerPool.ThreadCount, chunks);
            if (job._tasks > 1) WorkerPool.Run(job, job._tasks);
            else job.Execute(0);
            job._values = null;
            job._chunkSums = null;
        }
        ReadOnlySpan<float> chunkSums = job._partials.AsSpan(0, chunks * columns);
        int first = 0;
        if (!accumulate)
        {
            chunkSums[..columns].CopyTo(sums);
            first = 1;
        }
        for (int c = first; c < chunks; c++)
        {
            Span<float> target = sums[..columns];
            Elementwise.Binary<AddOperator>(target, chunkSums.Slice(c * columns, columns), target);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Execute(int task)
    {
        int from = _chunks * task / _tasks, to = _chunks * (task + 1) / _tasks, columns = _columns;
        for (int c = from; c < to; c++)
        {
            int start = c * ChunkRows, count = Math.Min(ChunkRows, _rows - start);
            Reductions.SumRows(new ReadOnlySpan<float>(_values + (long)start * columns, count * columns), count, columns,
                new Span<float>(_chunkSums + (long)c * columns, columns), accumulate: false);
        }
    }
}
