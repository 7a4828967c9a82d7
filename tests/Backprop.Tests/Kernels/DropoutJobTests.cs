using Backprop.Kernels;

namespace Backprop.Tests.Kernels;

/// <summary>The chunked dropout kernel: the mask depends on the seed alone (the same on 1, 2 and 3 threads, and the same as
/// the mask made alone on the calling thread), the products are exactly x ⊙ mask and d (+)= g ⊙ mask, and the chunks are
/// not copies of one another, for lengths around the chunk size.</summary>
[Collection("Session")]
public class DropoutJobTests
{
    [Theory]
    [InlineData(1, 0.5f)]
    [InlineData(3, 0.25f)]
    [InlineData(DropoutJob.ChunkElements - 1, 0.5f)]
    [InlineData(DropoutJob.ChunkElements, 0.1f)]
    [InlineData(DropoutJob.ChunkElements + 1, 0.9f)]
    [InlineData(204_801, 0.5f)]
    public void MaskAndProductsDoNotDependOnTheThreadCount(int length, float rate)
    {
        int threads = Utils.NumThreads;
        try
        {
            const ulong seed = 0x1234_5678_9ABC_DEF0UL;
            var random = new Random(length);
            float[] x = [0f, 0f, .. Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 4 - 2))];
            float[] g = [0f, .. Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 4 - 2))];
            float[] d0 = [.. Enumerable.Range(0, length + 3).Select(_ => (float)random.NextDouble())];
            var alone = new float[length];
            DropoutJob.Mask(seed, rate, alone);
            float keep = 1f / (1f - rate);
            Assert.All(alone, v => Assert.True(v == 0f || v == keep, $"{v} is neither 0 nor 1/(1 − rate)"));
            foreach (int count in new[] { 1, 2, 3 })
            {
                Utils.NumThreads = count;
                float[] mask = new float[length + 1], y = new float[length + 4];
                DropoutJob.Forward(seed, rate, x, 2, mask, 1, y, 4, length);
                Assert.Equal(alone, mask[1..]);
                for (int i = 0; i < length; i++) Assert.Equal(x[i + 2] * alone[i], y[i + 4]);
                float[] overwritten = (float[])d0.Clone(), accumulated = (float[])d0.Clone();
                DropoutJob.Backward(g, 1, mask, 1, overwritten, 3, length, accumulate: false);
                DropoutJob.Backward(g, 1, mask, 1, accumulated, 3, length, accumulate: true);
                Assert.Equal(d0[..3], overwritten[..3]);
                for (int i = 0; i < length; i++)
                {
                    Assert.Equal(g[i + 1] * alone[i], overwritten[i + 3]);
                    Assert.Equal(d0[i + 3] + g[i + 1] * alone[i], accumulated[i + 3]);
                }
            }
        }
        finally
        {
            Utils.NumThreads = threads;
        }
    }

    [Fact]
    public void EachChunkHasItsOwnDrawsAndEachSeedItsOwnMask()
    {
        var mask = new float[3 * DropoutJob.ChunkElements];
        DropoutJob.Mask(7, 0.5f, mask);
        var other = new float[mask.Length];
        DropoutJob.Mask(8, 0.5f, other);
        double Agreement(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
        {
            int same = 0;
            for (int i = 0; i < a.Length; i++) same += a[i] == b[i] ? 1 : 0;
            return same / (double)a.Length;
        }
        // Independent halves agree on about half of 16,384 elements (a standard deviation of 0.004).
        Span<float> all = mask;
        Assert.InRange(Agreement(all[..DropoutJob.ChunkElements], all.Slice(DropoutJob.ChunkElements, DropoutJob.ChunkElements)), 0.47, 0.53);
        Assert.InRange(Agreement(all.Slice(DropoutJob.ChunkElements, DropoutJob.ChunkElements), all[(2 * DropoutJob.ChunkElements)..]), 0.47, 0.53);
        // The next seed's chunk 0 is not this seed's chunk 1 (seeding each chunk with seed + chunk made them the same).
        Assert.InRange(Agreement(other.AsSpan(0, DropoutJob.ChunkElements), all.Slice(DropoutJob.ChunkElements, DropoutJob.ChunkElements)), 0.47, 0.53);
    }
}
