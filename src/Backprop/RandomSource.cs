namespace Backprop;

/// <summary>
/// The one random generator behind weight initialisation, shuffling and dropout, so that
/// <see cref="Utils.SetRandomSeed"/> makes a whole training run repeatable.
/// </summary>
internal static class RandomSource
{
    private static Random _random = new();
    private static int? _seed;

    public static void Seed(int seed)
    {
        _seed = seed;
        _random = new Random(seed);
    }

    /// <summary>
    /// With a seed set, restarts the generator from (seed, epoch, optimizer steps so far), so an epoch's shuffle,
    /// dropout and noise depend only on those: a run resumed from a checkpoint (which restores the step count) at
    /// epoch k repeats the uninterrupted run bit for bit, whatever the generator served before (building or loading
    /// a model), while successive Fit(epochs: 1) calls, which all start at epoch 0, still get different shuffles.
    /// </summary>
    public static void BeginEpoch(int epoch, long steps)
    {
        if (_seed is not { } seed) return;
        ulong key = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)(epoch + 1) * 0xC2B2AE3D27D4EB4FUL ^ (ulong)(steps + 1) * 0x165667B19E3779F9UL;
        key ^= key >> 29;
        _random = new Random(unchecked((int)(key ^ key >> 32)));
    }

    public static Random Generator => _random;

    public static void FillUniform(Span<float> values, float min, float max)
    {
        float range = max - min;
        for (int i = 0; i < values.Length; i++) values[i] = min + range * (float)_random.NextDouble();
    }

    public static void FillNormal(Span<float> values, float mean, float stddev)
    {
        for (int i = 0; i < values.Length; i++) values[i] = mean + stddev * (float)NextStandardNormal();
    }

    /// <summary>Box–Muller; the second value of each pair is discarded to keep the stream simple.</summary>
    public static double NextStandardNormal()
    {
        double u1 = 1.0 - _random.NextDouble();
        double u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A uniformly random permutation of 0..n-1 (Fisher–Yates) written into <paramref name="order"/>.</summary>
    public static void Permutation(Span<int> order)
    {
        for (int i = 0; i < order.Length; i++) order[i] = i;
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = _random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
