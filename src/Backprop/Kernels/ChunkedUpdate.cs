namespace Backprop.Kernels;

/// <summary>An element-wise in-place update of a chunk of a variable from its gradient and per-element state (slots):
/// what an optimizer's update step is. <c>start</c> is the chunk's first element within the variable, so
/// slot <c>s</c> of the chunk is <c>slots[s][start..start+length)</c>.</summary>
internal interface IChunkUpdate
{
    void UpdateChunk(Span<float> variable, ReadOnlySpan<float> gradient, float[][] slots, int start, int length, float learningRate);
}

/// <summary>
/// The element-wise updates of one optimizer step, cut into chunks the worker pool runs in parallel: the update is
/// memory-bound (RMSprop reads four and writes two values per weight), so a second core's bandwidth pays.
/// Every element gets the same operations in any split, so results do not depend on the thread count.
/// </summary>
internal sealed class ChunkedUpdate(IChunkUpdate update) : IParallelJob
{
    private const int Chunk = 16384;
    private readonly List<(float[] Variable, int VariableOffset, float[] Gradient, int GradientOffset, float[][] Slots)> _items = [];
    private readonly List<(int Item, int Start, int Length)> _chunks = [];
    private float _rate;

    public void Begin(float rate)
    {
        _rate = rate;
        _items.Clear();
        _chunks.Clear();
    }

    /// <summary>Queues <paramref name="size"/> elements of a variable and of its gradient, each from its own offset.</summary>
    public void Add(float[] variable, int variableOffset, int size, float[] gradient, int gradientOffset, float[][] slots)
    {
        int item = _items.Count;
        _items.Add((variable, variableOffset, gradient, gradientOffset, slots));
        for (int start = 0; start < size; start += Chunk) _chunks.Add((item, start, Math.Min(Chunk, size - start)));
    }

    public void Run() => WorkerPool.Run(this, _chunks.Count);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Execute(int task)
    {
        var (item, start, length) = _chunks[task];
        var (variable, variableOffset, gradient, gradientOffset, slots) = _items[item];
        update.UpdateChunk(variable.AsSpan(variableOffset + start, length), gradient.AsSpan(gradientOffset + start, length), slots, start, length, _rate);
    }
}
