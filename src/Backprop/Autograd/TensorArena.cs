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
    // Steps begun on this thread, by any arena: a step's number is later than every step begun before it.
    [ThreadStatic] private static long t_stepsBegun;
    // One sequence of buffers per kind of step (keyed by its batch rows): an epoch's last, smaller batch, or an
    // evaluation between epochs, would otherwise replace every buffer of the full-batch steps, twice per epoch.
    private readonly Dictionary<int, Lane> _lanes = [];
    private Lane _lane = new();
    private int _next;
    private long _step;

    /// <summary>The i-th storage array handed out in a step, and the tensor object that wrapped it (null for bare storage).</summary>
    private sealed class Lane
    {
        public readonly List<float[]> Buffers = [];
        public readonly List<Tensor?> Tensors = [];
    }

    /// <summary>Starts a step of <paramref name="rows"/> batch rows: storage is handed out again from the first buffer kept for that size.</summary>
    public StepScope BeginStep(int rows)
    {
        if (!_lanes.TryGetValue(rows, out Lane? lane))
        {
            // A few lanes cover training, the last batch and evaluation; past that, recycle the oldest rather than grow.
            if (_lanes.Count >= 4) _lanes.Remove(_lanes.Keys.First());
            _lanes[rows] = lane = new Lane();
        }
        _lane = lane;
        _next = 0;
        _step = ++t_stepsBegun;
        TensorArena? previous = _active;
        _active = this;
        return new StepScope(previous);
    }

    /// <summary>The number of the step the arena active on this thread is in (steps begun on this thread, by any arena,
    /// counted from 1), or 0 outside any step.</summary>
    public static long CurrentStep => _active?._step ?? 0;

    /// <summary>Storage for a new tensor: a recycled array inside a step (cleared when <paramref name="clear"/>), else null (allocate normally).</summary>
    public static float[]? Rent(int size, bool clear = true)
    {
        TensorArena? arena = _active;
        if (arena is null) return null;
        float[] buffer = arena.Take(size, clear, out _);
        arena._lane.Tensors[arena._next - 1] = null;
        return buffer;
    }

    /// <summary>
    /// A new tensor of <paramref name="shape"/> inside a step: the i-th one of the previous step, storage and object
    /// both, when its shape is the same (its autograd state reset), else null (allocate normally). Reusing the object
    /// is as safe as reusing its storage — nothing made in a step outlives it — and saves the allocation of the
    /// tensor and its node on every step.
    /// </summary>
    /// <remarks>The shape is copied into an array only for a tensor made anew; <paramref name="shapeArray"/>, when given,
    /// is that array already (it holds <paramref name="shape"/>).</remarks>
    public static Tensor? RentTensor(ReadOnlySpan<int> shape, int[]? shapeArray, int size, bool clear)
    {
        TensorArena? arena = _active;
        if (arena is null) return null;
        float[] buffer = arena.Take(size, clear, out bool reused);
        int i = arena._next - 1;
        List<Tensor?> tensors = arena._lane.Tensors;
        if (reused && tensors[i] is { } kept && kept.ShapeRef.AsSpan().SequenceEqual(shape))
        {
            kept.ResetForReuse();
            return kept;
        }
        return tensors[i] = Tensor.InArena(buffer, shapeArray ?? shape.ToArray(), new ArenaSlot());
    }

    private float[] Take(int size, bool clear, out bool reused)
    {
        List<float[]> buffers = _lane.Buffers;
        int i = _next++;
        if (i < buffers.Count && buffers[i].Length == size)
        {
            if (clear) Array.Clear(buffers[i]);
            reused = true;
            return buffers[i];
        }
        reused = false;
        var fresh = new float[size];
        if (i < buffers.Count) buffers[i] = fresh;
        else
        {
            buffers.Add(fresh);
            _lane.Tensors.Add(null);
        }
        return fresh;
    }

    /// <summary>Allocations inside this scope bypass the arena (weights built lazily during a step).</summary>
    public static StepScope Suspend()
    {
        TensorArena? previous = _active;
        _active = null;
        return new StepScope(previous);
    }

    /// <summary>Restores the arena that was active before; <c>default(StepScope)</c> is a scope that changes nothing.</summary>
    public readonly struct StepScope : IDisposable
    {
        private readonly TensorArena? _previous;
        private readonly bool _restores;

        public StepScope(TensorArena? previous)
        {
            _previous = previous;
            _restores = true;
        }

        public void Dispose()
        {
            if (_restores) _active = _previous;
        }
    }
}

/// <summary>What the arena keeps with a tensor it hands out again in later steps: the objects the previous step hung on
/// it, reused by whatever attaches them next, so a steady step allocates none — the operation's node (see
/// <see cref="BackwardNode.Reuse{TNode}"/>) and the logits record of an activation (<see cref="Ops.LogitsOrigin"/>).</summary>
internal sealed class ArenaSlot
{
    public BackwardNode? SpareNode { get; set; }

    public Ops.LogitsOrigin? SpareLogits { get; set; }

    /// <summary>A reshaped view of this tensor (same storage), for <see cref="Ops.ShapeOps.Reshape"/>, and the step that
    /// last handed it out: a view is handed out again only in a later step, never twice in one.</summary>
    public Tensor? SpareView { get; set; }
    public long SpareViewStep { get; set; }
}
