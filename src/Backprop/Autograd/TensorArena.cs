namespace Backprop.Autograd;

/// <summary>
/// Recycles the storage of the intermediate tensors of one training step. Fit opens the arena around each
/// step; the i-th tensor created in a step reuses the array of the i-th tensor of the previous step (same
/// size, cleared), because every step of a fixed-shape model makes the same sequence of tensors. Nothing
/// created in a step may outlive it, so weights, their gradients and optimizer state are allocated outside
/// the arena (<see cref="Suspend"/>, <see cref="Tensor.Persistent"/>). Outside Fit nothing changes: the
/// eager tape allocates and the garbage collector frees, with no Dispose.
/// </summary>
internal sealed class TensorArena
{
    [ThreadStatic] private static TensorArena? _active;
    // One sequence of buffers per kind of step (keyed by its batch rows): an epoch's last, smaller batch, or an
    // evaluation between epochs, would otherwise replace every buffer of the full-batch steps, twice per epoch.
    private readonly Dictionary<int, List<float[]>> _lanes = [];
    private List<float[]> _buffers = [];
    private int _next;

    /// <summary>Starts a step of <paramref name="rows"/> batch rows: storage is handed out again from the first buffer kept for that size.</summary>
    public StepScope BeginStep(int rows)
    {
        if (!_lanes.TryGetValue(rows, out List<float[]>? lane))
        {
            // A few lanes cover training, the last batch and evaluation; past that, recycle the oldest rather than grow.
            if (_lanes.Count >= 4) _lanes.Remove(_lanes.Keys.First());
            _lanes[rows] = lane = [];
        }
        _buffers = lane;
        _next = 0;
        TensorArena? previous = _active;
        _active = this;
        return new StepScope(previous);
    }

    /// <summary>Storage for a new tensor: a recycled array inside a step (cleared when <paramref name="clear"/>), else null (allocate normally).</summary>
    public static float[]? Rent(int size, bool clear = true)
    {
        TensorArena? arena = _active;
        if (arena is null) return null;
        List<float[]> buffers = arena._buffers;
        int i = arena._next++;
        if (i < buffers.Count && buffers[i].Length == size)
        {
            if (clear) Array.Clear(buffers[i]);
            return buffers[i];
        }
        var fresh = new float[size];
        if (i < buffers.Count) buffers[i] = fresh;
        else buffers.Add(fresh);
        return fresh;
    }

    /// <summary>Allocations inside this scope bypass the arena (weights built lazily during a step).</summary>
    public static StepScope Suspend()
    {
        TensorArena? previous = _active;
        _active = null;
        return new StepScope(previous);
    }

    /// <summary>Restores the arena that was active before.</summary>
    public readonly struct StepScope(TensorArena? previous) : IDisposable
    {
        public void Dispose() => _active = previous;
    }
}
