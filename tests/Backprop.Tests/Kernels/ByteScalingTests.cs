using Backprop.Datasets;
using Backprop.Kernels;

namespace Backprop.Tests.Kernels;

/// <summary>Bytes to scaled floats in one pass: every kernel set this CPU runs gives (float)byte · scale exactly, for
/// lengths around each vector width and unaligned starts; and a batch gathered on one or two threads is the same.</summary>
public unsafe class ByteScalingTests
{
    [Theory, MemberData(nameof(KernelIsas.All), MemberType = typeof(KernelIsas))]
    public void EqualsConvertThenMultiply(GemmIsa isa)
    {
        var bytes = new byte[300];
        new Random(4).NextBytes(bytes);
        bytes[0] = 0;
        bytes[1] = 255;
        foreach (float scale in new[] { 1f / 255f, 1f, -0.37f })
            foreach (int start in new[] { 0, 1, 3 })
                foreach (int length in new[] { 0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100, 296 })
                {
                    var result = new float[length + 2];
                    result[^1] = 42f;
                    fixed (byte* source = bytes)
                    fixed (float* destination = result)
                        ByteScaling.Scale(source + start, scale, destination, length, isa);
                    for (int i = 0; i < length; i++)
                        Assert.True((float)bytes[start + i] * scale == result[i], $"{isa} scale {scale} start {start} length {length} at {i}");
                    Assert.Equal(0f, result[length]);       // nothing written past the end
                    Assert.Equal(42f, result[^1]);
                }
    }
}

[Collection("Session")]
public class ScaledGatherTests
{
    [Fact]
    public void ABatchGatheredOnTwoThreadsIsTheOneGatheredOnOne()
    {
        var pixels = new byte[500 * 40];
        new Random(6).NextBytes(pixels);
        var y = Tensor.FromArray(Enumerable.Range(0, 500).Select(i => (float)i).ToArray(), 500, 1);
        int saved = Utils.NumThreads;
        try
        {
            float[] Gather(int threads)
            {
                Utils.NumThreads = threads;
                Utils.SetRandomSeed(2);
                var batches = new ImageBatches(new ByteImages(pixels, 500, 40), y, batchSize: 128);
                batches.OnEpochBegin();
                return Enumerable.Range(0, batches.Count).SelectMany(b => batches.GetBatch(b).X.ToArray()).ToArray();
            }
            float[] one = Gather(1), two = Gather(2);
            Assert.Equal(500 * 40, one.Length);
            Assert.Equal(one, two);
        }
        finally
        {
            Utils.NumThreads = saved;
        }
    }
}
