using System.Runtime.CompilerServices;

namespace Backprop.Kernels;

/// <summary>
/// Inverted dropout's mask and its two products, over the mask cut into fixed chunks of <see cref="ChunkElements"/>: each
/// chunk's values come from a xoshiro256** generator of its own, seeded from (hashed seed + chunk index), so the mask depends on
/// the seed alone, never on the thread count, and the chunks run on every thread. Element i of a chunk is dropped when its
/// 32 random bits (two elements per 64-bit draw) fall below rate·2³², so the drop probability is rate to within 2⁻³².
/// The forward pass writes the mask and y = x ⊙ mask in one pass; the backward is d = g ⊙ mask (or d += g ⊙ mask).
/// Before, one generator filled the whole mask on the calling thread and the products ran after it, also there: at
/// keras-io's convnet's 204,800 elements a step, 4% of an epoch's time with the other core idle. One job per calling
/// thread, reused.
/// </summary>
internal sealed class DropoutJob : IParallelJob
{
    /// <summary>Values per chunk: fixed, because the mask depends on it.</summary>
    public const int ChunkElements = 16384;

    [ThreadStatic] private static DropoutJob? t_job;

    private bool _backward, _accumulate;
    private ulong _seed;
    private int _keepBits;
    private ulong _threshold;
    private float[]? _x, _mask, _y;
    private int _xOffset, _maskOffset, _yOffset, _length;

    /// <summary>mask ← 1/(1 − rate) or 0 per element from <paramref name="seed"/> (see the class), on the calling thread.</summary>
    public static void Mask(ulong seed, float rate, Span<float> mask)
    {
        (int keepBits, ulong threshold) = Constants(rate);
        for (int chunk = 0, start = 0; start < mask.Length; chunk++, start += ChunkElements)
            FillChunk(seed, chunk, keepBits, threshold, mask.Slice(start, Math.Min(ChunkElements, mask.Length - start)));
    }

    /// <summary>mask as <see cref="Mask"/> makes it, and y ← x ⊙ mask, over <paramref name="length"/> elements.</summary>
    public static void Forward(ulong seed, float rate, float[] x, int xOffset, float[] mask, int maskOffset, float[] y, int yOffset, int length)
    {
        DropoutJob job = t_job ??= new DropoutJob();
        (job._keepBits, job._threshold) = Constants(rate);
        (job._backward, job._seed) = (false, seed);
        job.Start(x, xOffset, mask, maskOffset, y, yOffset, length);
    }

    /// <summary>d ← g ⊙ mask, or with <paramref name="accumulate"/> d ← d + g ⊙ mask.</summary>
    public static void Backward(float[] g, int gOffset, float[] mask, int maskOffset, float[] d, int dOffset, int length, bool accumulate)
    {
        DropoutJob job = t_job ??= new DropoutJob();
        (job._backward, job._accumulate) = (true, accumulate);
        job.Start(g, gOffset, mask, maskOffset, d, dOffset, length);
    }

    private void Start(float[] x, int xOffset, float[] mask, int maskOffset, float[] y, int yOffset, int length)
    {
        (_x, _xOffset, _mask, _maskOffset, _y, _yOffset, _length) = (x, xOffset, mask, maskOffset, y, yOffset, length);
        int chunks = (length + ChunkElements - 1) / ChunkElements;
        try
        {
            if (chunks > 1) WorkerPool.Run(this, chunks);
            else if (chunks == 1) Execute(0);
        }
        finally
        {
            (_x, _mask, _y) = (null, null, null);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int chunk)
    {
        int start = chunk * ChunkElements, count = Math.Min(ChunkElements, _length - start);
        Span<float> mask = _mask.AsSpan(_maskOffset + start, count);
        ReadOnlySpan<float> x = _x.AsSpan(_xOffset + start, count);
        Span<float> y = _y.AsSpan(_yOffset + start, count);
        if (!_backward) FillChunk(_seed, chunk, _keepBits, _threshold, mask);
        if (_backward && _accumulate)
        {
            for (int i = 0; i < count; i++) y[i] += x[i] * mask[i];
            return;
        }
        Elementwise.Binary<MultiplyOperator>(x, mask, y);
    }

    private static (int KeepBits, ulong Threshold) Constants(float rate) =>
        (BitConverter.SingleToInt32Bits(1f / (1f - rate)), (uint)Math.Min(Math.Round(rate * 4294967296.0), uint.MaxValue));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FillChunk(ulong seed, int chunk, int keepBits, ulong threshold, Span<float> mask)
    {
        // The seed hashed before the chunk is added: seed + chunk alone would give seed s's chunk 1 to seed s + 1's chunk 0.
        var bits = new Xoshiro256(Xoshiro256.Mix(seed) + (ulong)chunk);
        int i = 0;
        for (; i + 1 < mask.Length; i += 2)
        {
            ulong draw = bits.Next();
            mask[i] = MaskValue((uint)draw, threshold, keepBits);
            mask[i + 1] = MaskValue((uint)(draw >> 32), threshold, keepBits);
        }
        if (i < mask.Length) mask[i] = MaskValue((uint)bits.Next(), threshold, keepBits);
    }

    /// <summary>1/(1 − rate) (as <paramref name="keepBits"/>) when <paramref name="draw"/> ≥ <paramref name="threshold"/>,
    /// else +0, without a branch: at rate 0.5 a branch on the comparison is mispredicted half the time, which made the mask
    /// of keras-io's convnet cost about 1.3 ms a step. The borrow of draw − threshold is the comparison.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float MaskValue(uint draw, ulong threshold, int keepBits)
    {
        int kept = (int)(((draw - threshold) >> 63) - 1);   // all ones when draw ≥ threshold, else 0
        return BitConverter.Int32BitsToSingle(keepBits & kept);
    }

    /// <summary>Blackman and Vigna's xoshiro256**, its state filled from the seed by SplitMix64 as they recommend.</summary>
    private struct Xoshiro256
    {
        private ulong _s0, _s1, _s2, _s3;

        public Xoshiro256(ulong seed)
        {
            _s0 = SplitMix(ref seed);
            _s1 = SplitMix(ref seed);
            _s2 = SplitMix(ref seed);
            _s3 = SplitMix(ref seed);
        }

        private static ulong SplitMix(ref ulong x) => Mix(x += 0x9E3779B97F4A7C15UL);

        /// <summary>SplitMix64's output function: a bijection of 64-bit values that scatters neighbours.</summary>
        public static ulong Mix(ulong z)
        {
            z = (z ^ z >> 30) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ z >> 27) * 0x94D049BB133111EBUL;
            return z ^ z >> 31;
        }

        public ulong Next()
        {
            ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9, t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = ulong.RotateLeft(_s3, 45);
            return result;
        }
    }
}
