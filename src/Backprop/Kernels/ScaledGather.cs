namespace Backprop.Kernels;

/// <summary>
/// Copies byte images into a float batch, scaled, split by rows over the kernel threads: the rows come from random
/// places in a large array, so the copy waits on memory, and two cores keep twice as many reads in flight.
/// </summary>
internal sealed unsafe class ScaledGather : IParallelJob
{
    /// <summary>Below this many rows a batch is gathered on the calling thread (the hand-off would cost more).</summary>
    private const int ParallelRows = 32;

    private byte[]? _pixels;
    private float[]? _batch;
    private float _scale;
    private int _sampleSize, _batchOffset, _start, _rows, _tasks;
    private int[]? _order;

    /// <summary>Samples order[start..start+rows) of <paramref name="pixels"/> (<paramref name="sampleSize"/> bytes each), times
    /// <paramref name="scale"/>, into <paramref name="batch"/> from element <paramref name="batchOffset"/>.</summary>
    public void Run(byte[] pixels, int sampleSize, float scale, int start, int rows, int[] order, float[] batch, int batchOffset)
    {
        (_pixels, _sampleSize, _scale, _start, _rows, _order, _batch, _batchOffset) = (pixels, sampleSize, scale, start, rows, order, batch, batchOffset);
        _tasks = rows >= ParallelRows ? Math.Min(WorkerPool.ThreadCount, rows / (ParallelRows / 2)) : 1;
        if (_tasks > 1) WorkerPool.Run(this, _tasks);
        else Execute(0);
        (_pixels, _order, _batch) = (null, null, null);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Execute(int task)
    {
        int from = _rows * task / _tasks, to = _rows * (task + 1) / _tasks, sample = _sampleSize;
        fixed (byte* pixels = _pixels)
        fixed (float* batch = _batch)
        {
            float* destination = batch + _batchOffset;
            for (int i = from; i < to; i++)
                ByteScaling.Scale(pixels + (long)_order![_start + i] * sample, _scale, destination + (long)i * sample, sample);
        }
    }
}
