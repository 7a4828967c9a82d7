using Backprop.Kernels;

namespace Backprop;

/// <summary>Keras-style helpers: the random seed, thread count and label encoding.</summary>
public static class Utils
{
    /// <summary>Seeds the one generator used for weight initialisation, shuffling and dropout (Keras's <c>keras.utils.set_random_seed</c>).</summary>
    public static void SetRandomSeed(int seed) => RandomSource.Seed(seed);

    /// <summary>Resets automatic layer and model names (the next Dense is "dense" again), like <c>keras.backend.clear_session()</c>.</summary>
    public static void ClearSession() => NameRegistry.Clear();

    /// <summary>Threads the compute kernels use (default: <c>BACKPROP_NUM_THREADS</c>, else the processor count).</summary>
    public static int NumThreads
    {
        get => WorkerPool.ThreadCount;
        set => WorkerPool.ThreadCount = value;
    }

    /// <summary>
    /// One-hot encodes class indices: [N] (or [N,1]) → [N, numClasses], like <c>keras.utils.to_categorical</c>.
    /// </summary>
    /// <example><c>Utils.ToCategorical(Tensor.FromArray([2f, 0f]), 3)</c> → [[0, 0, 1], [1, 0, 0]].</example>
    /// <exception cref="ArgumentException">A label is not an integer in [0, numClasses).</exception>
    public static Tensor ToCategorical(Tensor labels, int numClasses)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (numClasses <= 0) throw new ArgumentOutOfRangeException(nameof(numClasses), $"numClasses must be positive, got {numClasses}.");
        if (labels.Rank > 2 || (labels.Rank == 2 && labels.Dim(1) != 1))
            throw new ArgumentException($"ToCategorical expects labels of shape [N] or [N, 1], got {ShapeMath.Format(labels.ShapeRef)}.", nameof(labels));
        int n = labels.Rank == 0 ? 1 : labels.Dim(0);
        var result = Tensor.Zeros(n, numClasses);
        ReadOnlySpan<float> y = labels.Span;
        for (int i = 0; i < n; i++)
        {
            float v = y[i];
            if (v != MathF.Floor(v) || v < 0 || v >= numClasses)
                throw new ArgumentException($"Label {v} at index {i} is not a class index in [0, {numClasses}).", nameof(labels));
            result.Data[i * numClasses + (int)v] = 1f;
        }
        return result;
    }
}
