using System.Numerics.Tensors;
using Backprop.Kernels;

namespace Backprop.Ops;

/// <summary>The storage side of an optimizer step: gradient clipping into a scratch buffer, and the queue of
/// variables the parallel element-wise update (<see cref="ChunkedUpdate"/>) runs over.</summary>
internal sealed class OptimizerOps(IChunkUpdate update)
{
    private readonly ChunkedUpdate _job = KernelBackend.Current.CreateUpdate(update);
    private readonly Dictionary<Tensor, float[]> _clipped = new(ReferenceEqualityComparer.Instance);

    public void Begin(float learningRate) => _job.Begin(learningRate);

    /// <summary>Queues <paramref name="variable"/> with its gradient, clipped first when any clipping is set: by its own norm
    /// (<paramref name="clipNorm"/>), by value, or scaled by the global-norm factor. The caller's gradient is left as it was.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Add(Tensor variable, Tensor gradient, float[][] slots, float? clipNorm, float? clipValue, float? globalScale)
    {
        if (clipNorm is null && clipValue is null && globalScale is null)
        {
            _job.Add(variable.Data, variable.Offset, variable.Size, gradient.Data, gradient.Offset, slots);
            return;
        }
        ReadOnlySpan<float> g = gradient.Span;
        if (!_clipped.TryGetValue(variable, out float[]? scratch)) _clipped[variable] = scratch = new float[g.Length];
        if (clipNorm is { } c)
        {
            float norm = MathF.Sqrt(TensorPrimitives.Dot(g, g));
            TensorPrimitives.Multiply(g, c / MathF.Max(norm, c), scratch);
        }
        else if (clipValue is { } v) TensorPrimitives.Clamp(g, -v, v, scratch);
        else TensorPrimitives.Multiply(g, globalScale!.Value, scratch);
        _job.Add(variable.Data, variable.Offset, variable.Size, scratch, 0, slots);
    }

    /// <summary>Runs the queued updates on the worker pool.</summary>
    public void Run() => _job.Run();
}
