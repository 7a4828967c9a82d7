namespace Backprop.Kernels;

/// <summary>
/// Runs a convolution's relu epilogue or relu backward over a large output split into row ranges, one per worker
/// thread: both are one memory-bound pass (a conv layer's output is megabytes), so a second core's bandwidth pays.
/// Element-wise, so results do not depend on the split. Small outputs run on the calling thread. One job object per
/// calling thread, reused.
/// </summary>
internal sealed class ActivationJob : IParallelJob
{
    // Below this many elements a split costs more than it saves.
    private const int ParallelFrom = 1 << 16;

    [ThreadStatic] private static ActivationJob? t_job;

    private bool _backward, _relu;
    private float[]? _y, _g, _d, _bias;
    private int _yOffset, _gOffset, _dOffset, _biasOffset, _length, _rows, _columns, _tasks;

    /// <summary>y ← act(y + b) over rows of <paramref name="columns"/>; see <see cref="ActivationKernels.BiasRelu"/>.</summary>
    public static void BiasRelu(float[] y, int yOffset, int length, int columns, float[]? bias, int biasOffset, bool relu)
    {
        ActivationJob job = Prepare(length, columns);
        (job._backward, job._relu, job._y, job._yOffset, job._bias, job._biasOffset) = (false, relu, y, yOffset, bias, biasOffset);
        job.Start();
    }

    /// <summary>d ← g where y &gt; 0, else 0; see <see cref="ActivationKernels.ReluBackward"/>.</summary>
    public static void ReluBackward(float[] y, int yOffset, float[] g, int gOffset, float[] d, int dOffset, int length)
    {
        // Rows of one vector's width: any split point then keeps whole vectors.
        ActivationJob job = Prepare(length, Math.Min(length, System.Numerics.Vector<float>.Count));
        (job._backward, job._y, job._yOffset, job._g, job._gOffset, job._d, job._dOffset) = (true, y, yOffset, g, gOffset, d, dOffset);
        job.Start();
    }

    private static ActivationJob Prepare(int length, int columns)
    {
        ActivationJob job = t_job ??= new ActivationJob();
        (job._columns, job._rows) = (columns, columns == 0 ? 0 : (length + columns - 1) / columns);
        job._tasks = length >= ParallelFrom ? Math.Max(1, Math.Min(WorkerPool.ThreadCount, job._rows)) : 1;
        job._length = length;
        return job;
    }

    private void Start()
    {
        if (_tasks > 1) WorkerPool.Run(this, _tasks);
        else Execute(0);
        (_y, _g, _d, _bias) = (null, null, null, null);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Execute(int task)
    {
        int first = _rows * task / _tasks, last = _rows * (task + 1) / _tasks;
        int start = first * _columns, end = Math.Min(last * _columns, _length);
        if (end <= start) return;
        if (_backward)
            ActivationKernels.ReluBackward(_y.AsSpan(_yOffset + start, end - start), _g.AsSpan(_gOffset + start, end - start), _d.AsSpan(_dOffset + start, end - start));
        else
            ActivationKernels.BiasRelu(_y.AsSpan(_yOffset + start, end - start), _columns, _bias is null ? default : _bias.AsSpan(_biasOffset, _columns), _relu);
    }
}
