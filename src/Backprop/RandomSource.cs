namespace Backprop;

/// <summary>
/// The one random generator behind weight initialisation, shuffling and dropout, so that
/// <see cref="Utils.SetRandomSeed"/> makes a whole training run repeatable.
/// </summary>
internal static class RandomSource
{
    private static Random _random = new();

    public static void Seed(int seed) => _random = new Random(seed);

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
