namespace Backprop.Kernels;

/// <summary>
/// Runs an image kernel (im2col, col2im, pooling) over the batch split into ranges of whole images, one range per
/// worker thread. Images are independent in every one of these kernels, and each image's arithmetic is the same in
/// any split, so results do not depend on the thread count. One job object per calling thread, reused.
/// </summary>
internal sealed class ImageJob : IParallelJob
{
    public enum Kind { Im2Col, Col2ImAdd, MaxPool, MaxPoolBackward, MaxPoolBackwardOverwrite, MaxPoolBackwardOverwriteReluMasked, AveragePool, AveragePoolBackward }

    [ThreadStatic] private static ImageJob? t_job;

    private Kind _kind;
    private ConvolutionGeometry _g;
    private int _channelStart, _groupChannels, _tasks;
    // Up to four arrays, each with its offset and its values per image; their roles depend on the kind.
    private float[]? _a, _b, _c, _d;
    private int _aOffset, _bOffset, _cOffset, _dOffset, _aPer, _bPer, _cPer, _dPer;

    /// <summary>Runs <paramref name="kind"/> over the batch of <paramref name="g"/>: arrays a, b (c, d) with their offsets and sizes per image.</summary>
    public static void Run(Kind kind, in ConvolutionGeometry g, int channelStart, int groupChannels,
        float[] a, int aOffset, int aPer, float[] b, int bOffset, int bPer, float[]? c = null, int cOffset = 0, int cPer = 0, float[]? d = null, int dOffset = 0, int dPer = 0)
    {
        ImageJob job = t_job ??= new ImageJob();
        (job._kind, job._g, job._channelStart, job._groupChannels) = (kind, g, channelStart, groupChannels);
        (job._a, job._aOffset, job._aPer, job._b, job._bOffset, job._bPer) = (a, aOffset, aPer, b, bOffset, bPer);
        (job._c, job._cOffset, job._cPer, job._d, job._dOffset, job._dPer) = (c, cOffset, cPer, d, dOffset, dPer);
        job._tasks = Math.Max(1, Math.Min(WorkerPool.ThreadCount, g.Batch));
        if (job._tasks > 1) WorkerPool.Run(job, job._tasks);
        else job.Execute(0);
        (job._a, job._b, job._c, job._d) = (null, null, null, null);
    }

    public void Execute(int task)
    {
        int first = _g.Batch * task / _tasks, count = _g.Batch * (task + 1) / _tasks - first;
        if (count == 0) return;
        ConvolutionGeometry g = _g with { Batch = count };
        Span<float> a = _a.AsSpan(_aOffset + first * _aPer, count * _aPer), b = _b.AsSpan(_bOffset + first * _bPer, count * _bPer);
        Span<float> c = _c is null ? default : _c.AsSpan(_cOffset + first * _cPer, count * _cPer);
        Span<float> d = _d is null ? default : _d.AsSpan(_dOffset + first * _dPer, count * _dPer);
        switch (_kind)
        {
            case Kind.Im2Col: Im2Col.Gather(a, g, _channelStart, _groupChannels, b); break;
            case Kind.Col2ImAdd: Im2Col.ScatterAdd(a, g, _channelStart, _groupChannels, b); break;
            case Kind.MaxPool: Pooling.MaxForward(a, g, b); break;
            case Kind.MaxPoolBackward: Pooling.MaxBackward(a, b, c, g, d); break;
            case Kind.MaxPoolBackwardOverwrite: Pooling.MaxBackward(a, b, c, g, d, overwrite: true); break;
            case Kind.MaxPoolBackwardOverwriteReluMasked: Pooling.MaxBackward(a, b, c, g, d, overwrite: true, reluMasked: true); break;
            case Kind.AveragePool: Pooling.AverageForward(a, g, b); break;
            case Kind.AveragePoolBackward: Pooling.AverageBackward(a, g, b); break;
        }
    }
}
