using Backprop.Datasets;

namespace Backprop.Tests.Data;

[Collection("Session")]
public class ImageBatchesTests
{
    private static (ByteImages X, Tensor Y) Data(int n, int features)
    {
        var random = new Random(5);
        var pixels = new byte[n * features];
        random.NextBytes(pixels);
        var y = Tensor.FromArray(Enumerable.Range(0, n).Select(i => (float)i).ToArray(), n, 1);
        return (new ByteImages(pixels, n, features), y);
    }

    [Fact]
    public void BatchesAreTheScaledRowsInOrderWithTheRestLast()
    {
        var (x, y) = Data(10, 6);
        var batches = new ImageBatches(x, y, batchSize: 4, shuffle: false, scale: 0.5f);
        Assert.Equal(3, batches.Count);
        batches.OnEpochBegin();
        for (int b = 0; b < 3; b++)
        {
            Batch batch = batches.GetBatch(b);
            int rows = b < 2 ? 4 : 2;
            Assert.Equal(new[] { rows, 6 }, batch.X.Shape);
            Assert.Equal(new[] { rows, 1 }, batch.Y!.Shape);
            Assert.Null(batch.SampleWeight);
            for (int r = 0; r < rows; r++)
            {
                int sample = 4 * b + r;
                Assert.Equal(sample, batch.Y[r, 0]);
                for (int c = 0; c < 6; c++) Assert.Equal(x.Pixels[sample * 6 + c] * 0.5f, batch.X[r, c]);
            }
        }
    }

    [Fact]
    public void ShuffleDrawsANewPermutationEachEpochFromTheSeed()
    {
        var (x, y) = Data(50, 3);
        var batches = new ImageBatches(x, y, batchSize: 8);
        List<float> Epoch()
        {
            batches.OnEpochBegin();
            var seen = new List<float>();
            for (int b = 0; b < batches.Count; b++) seen.AddRange(batches.GetBatch(b).Y!.ToArray());
            return seen;
        }
        Utils.SetRandomSeed(3);
        List<float> first = Epoch(), second = Epoch();
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (float)i), first.Order());
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (float)i), second.Order());
        Assert.NotEqual(first, second);
        Assert.NotEqual(Enumerable.Range(0, 50).Select(i => (float)i), first);
        Utils.SetRandomSeed(3);
        Assert.Equal(first, Epoch());
        // Each pixel row travels with its label.
        Batch batch = batches.GetBatch(0);
        for (int r = 0; r < 8; r++)
            for (int c = 0; c < 3; c++) Assert.Equal(x.Pixels[(int)batch.Y![r, 0] * 3 + c] * (1f / 255f), batch.X[r, c]);
    }

    [Fact]
    public void BatchTensorsAreReusedBetweenCallsOfTheSameSize()
    {
        var (x, y) = Data(10, 6);
        var batches = new ImageBatches(x, y, batchSize: 4, shuffle: false);
        Tensor first = batches.GetBatch(0).X;
        Assert.Same(first, batches.GetBatch(1).X);
        Assert.NotSame(first, batches.GetBatch(2).X);
    }

    [Fact]
    public void BadArgumentsAreRefusedWithTheReason()
    {
        var (x, y) = Data(10, 6);
        Assert.Contains("same number of samples: x has 10", Assert.Throws<ArgumentException>(() => new ImageBatches(x, y.Rows(0, 9))).Message);
        Assert.Contains("batchSize must be positive, got 0", Assert.Throws<ArgumentOutOfRangeException>(() => new ImageBatches(x, y, batchSize: 0)).Message);
        Assert.Contains("scale must be finite", Assert.Throws<ArgumentOutOfRangeException>(() => new ImageBatches(x, y, scale: float.NaN)).Message);
        Assert.Contains("at least one sample", Assert.Throws<ArgumentException>(() => new ImageBatches(new ByteImages([], 0, 6), Tensor.Zeros(0, 1))).Message);
        Tensor nan = y.Clone();
        nan.Data[3] = float.NaN;
        Assert.Contains("y contains NaN at sample 3", Assert.Throws<ArgumentException>(() => new ImageBatches(x, nan)).Message);
        var batches = new ImageBatches(x, y, batchSize: 4);
        Assert.Contains("Batch index 3 is out of range: this dataset has 3 batches", Assert.Throws<ArgumentOutOfRangeException>(() => batches.GetBatch(3)).Message);
    }
}
