namespace Backprop;

/// <summary>
/// The gathered batch, in buffers reused across steps, epochs and Fit calls (a 128×784 batch is 400 KB): one set
/// for full batches and one for the epoch's last, smaller batch. A buffer is replaced only when the shape changes.
/// Nothing outside the step holds a batch, so reusing them is safe.
/// </summary>
internal sealed class BatchBuffers
{
    private Tensor? _x, _y, _w, _lastX, _lastY, _lastW;

    public (Tensor X, Tensor Y, Tensor? W) Gather(Tensor x, Tensor y, Tensor? w, ReadOnlySpan<int> rows, bool full)
    {
        if (full)
        {
            _x = TrainingData.Gather(x, rows, Fits(_x, x));
            _y = TrainingData.Gather(y, rows, Fits(_y, y));
            _w = w is null ? null : TrainingData.Gather(w, rows, Fits(_w, w));
            return (_x, _y, _w);
        }
        _lastX = TrainingData.Gather(x, rows, Fits(_lastX, x));
        _lastY = TrainingData.Gather(y, rows, Fits(_lastY, y));
        _lastW = w is null ? null : TrainingData.Gather(w, rows, Fits(_lastW, w));
        return (_lastX, _lastY, _lastW);
    }

    // A buffer can take rows of the source only if everything but the batch axis matches.
    private static Tensor? Fits(Tensor? buffer, Tensor source) =>
        buffer is not null && buffer.Rank == source.Rank && buffer.ShapeRef.AsSpan(1).SequenceEqual(source.ShapeRef.AsSpan(1)) ? buffer : null;
}
