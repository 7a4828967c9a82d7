using Backprop.Kernels;

namespace Backprop.Datasets;

/// <summary>
/// Copies byte images into a float batch, scaled, split by rows over the kernel threads: the rows come from random
/// places in a large array, so the copy waits on memory, and two cores keep twice as many reads in flight.
/// </summary>
internal sealed unsafe class ScaledGather : IParallelJob
{
    /// <summary>Below this many rows a batch is gathered on the calling thread (the hand-off would cost more).</summary>
    private const int ParallelRows = 32;

    private ByteImages? _x;
    private float _scale;
    private int _start, _rows, _tasks;
    private int[]? _order;
    private Tensor? _batch;

    /// <summary>Rows order[start..start+rows) of <paramref name="x"/>, scaled, into <paramref name="batch"/>.</summary>
    public void Run(ByteImages x, float scale, int start, int rows, int[] order, Tensor batch)
    {
        (_x, _scale, _start, _rows, _order, _batch) = (x, scale, start, rows, order, batch);
        _tasks = rows >= ParallelRows ? Math.Min(WorkerPool.ThreadCount, rows / (ParallelRows / 2)) : 1;
        if (_tasks > 1) WorkerPool.Run(this, _tasks);
        else Execute(0);
        (_x, _order, _batch) = (null, null, null);
    }

    public void Execute(int task)
    {
        int from = _rows * task / _tasks, to = _rows * (task + 1) / _tasks, sample = _x!.SampleSize;
        fixed (byte* pixels = _x.Pixels)
        fixed (float* batch = _batch!.Data)
        {
            float* destination = batch + _batch.Offset;
            for (int i = from; i < to; i++)
                ByteScaling.Scale(pixels + (long)_order![_start + i] * sample, _scale, destination + (long)i * sample, sample);
        }
    }
}
