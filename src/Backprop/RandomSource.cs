namespace Backprop;

/// <summary>
/// The random generators behind weight initialisation, shuffling and dropout, so that <see cref="Utils.SetRandomSeed"/>
/// makes a whole training run repeatable. Outside Fit one process-wide generator serves (behind a lock: System.Random
/// is not thread-safe); each epoch of a Fit draws from a stream of its own, on the thread running that Fit, so two
/// models trained at once on two threads get exactly what they would get trained one after the other.
/// </summary>
internal static class RandomSource
{
    private static readonly Lock Shared = new();
    private static Random _global = new();
    private static int? _seed;

    // The stream of the Fit running on this thread, if any.
    [ThreadStatic] private static Random? _stream;

    public static void Seed(int seed)
    {
        lock (Shared)
        {
            _seed = seed;
            _global = new Random(seed);
        }
    }

    /// <summary>The stream of the Fit running on this thread (null outside Fit); Fit saves and restores it.</summary>
    public static Random? Stream
    {
        get => _stream;
        set => _stream = value;
    }

    /// <summary>
    /// Starts this thread's stream for an epoch. With a seed set it is made from (seed, epoch, optimizer steps so far),
    /// so an epoch's shuffle, dropout and noise depend only on those: a run resumed from a checkpoint (which restores
    /// the step count) at epoch k repeats the uninterrupted run bit for bit, whatever the generator served before
    /// (building or loading a model) or serves other threads, while successive Fit(epochs: 1) calls, which all start
    /// at epoch 0, still get different shuffles. Without a seed it is seeded from the process-wide generator.
    /// </summary>
    public static void BeginEpoch(int epoch, long steps)
    {
        int? seed;
        lock (Shared) seed = _seed;
        if (seed is not { } s)
        {
            int fresh;
            lock (Shared) fresh = _global.Next();
            _stream = new Random(fresh);
            return;
        }
        ulong key = (ulong)(uint)s * 0x9E3779B97F4A7C15UL ^ (ulong)(epoch + 1) * 0xC2B2AE3D27D4EB4FUL ^ (ulong)(steps + 1) * 0x165667B19E3779F9UL;
        key ^= key >> 29;
        _stream = new Random(unchecked((int)(key ^ key >> 32)));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void FillUniform(Span<float> values, float min, float max)
    {
        if (_stream is null) { lock (Shared) FillUniform(_global, values, min, max); return; }
        FillUniform(_stream, values, min, max);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void FillUniform(Random random, Span<float> values, float min, float max)
    {
        float range = max - min;
        for (int i = 0; i < values.Length; i++) values[i] = min + range * (float)random.NextDouble();
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void FillNormal(Span<float> values, float mean, float stddev)
    {
        if (_stream is null) { lock (Shared) FillNormal(_global, values, mean, stddev); return; }
        FillNormal(_stream, values, mean, stddev);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void FillNormal(Random random, Span<float> values, float mean, float stddev)
    {
        for (int i = 0; i < values.Length; i++) values[i] = mean + stddev * (float)NextStandardNormal(random);
    }

    /// <summary>The seed of one dropout mask (<see cref="Kernels.DropoutJob"/> makes the mask from it): one 64-bit draw
    /// from this thread's Fit stream, or from the process-wide generator outside Fit.</summary>
    public static ulong DropoutSeed()
    {
        if (_stream is null) { lock (Shared) return DropoutSeed(_global); }
        return DropoutSeed(_stream);
    }

    /// <remarks>System.Random seeded for repeatability is the legacy subtractive generator, about 15 ns a draw, which cost
    /// a convnet step 3 ms for its 204,800-element mask when it drew every element; now it draws the seed only.</remarks>
    private static ulong DropoutSeed(Random random) => unchecked((ulong)random.NextInt64() ^ (ulong)random.NextInt64() << 1);

    /// <summary>One standard normal draw.</summary>
    public static double NextStandardNormal()
    {
        if (_stream is { } stream) return NextStandardNormal(stream);
        lock (Shared) return NextStandardNormal(_global);
    }

    /// <summary>Box–Muller; the second value of each pair is discarded to keep the stream simple.</summary>
    private static double NextStandardNormal(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A uniformly random permutation of 0..n-1 (Fisher–Yates) written into <paramref name="order"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Permutation(Span<int> order)
    {
        if (_stream is null) { lock (Shared) Permutation(_global, order); return; }
        Permutation(_stream, order);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void Permutation(Random random, Span<int> order)
    {
        for (int i = 0; i < order.Length; i++) order[i] = i;
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
