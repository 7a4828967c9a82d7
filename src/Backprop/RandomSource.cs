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
    /// With a seed set, restarts the generator from (seed, epoch), so an epoch's shuffle, dropout and noise
    /// depend only on the seed and the epoch: a run resumed from a checkpoint at epoch k repeats the
    /// uninterrupted run bit for bit, whatever the generator served before (building or loading a model).
    /// </summary>
    public static void BeginEpoch(int epoch)
    {
        if (_seed is { } seed) _random = new Random(unchecked((int)((uint)seed * 0x9E3779B1u ^ (uint)(epoch + 1) * 0x85EBCA77u)));
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
