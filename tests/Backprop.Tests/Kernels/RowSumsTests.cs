using Backprop.Kernels;

namespace Backprop.Tests.Kernels;

/// <summary>The bias gradient's column sums (<see cref="RowSums"/>): the row-by-row loop's result up to one chunk of
/// rows; beyond, each chunk summed row by row and the chunks added in order, the same on one thread and on two.</summary>
[Collection("Session")]
public class RowSumsTests
{
    private static float[] Values(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, rows * columns).Select(_ => (float)(random.NextDouble() * 2 - 1))];
    }

    /// <summary>The order the sum promises, written out: up to one chunk, the plain loop (onto the sums already there when
    /// accumulating); beyond, row by row inside each chunk and the chunks in order.</summary>
    private static float[] ChunkedReference(float[] values, int rows, int columns, float[]? start)
    {
        var sums = new float[columns];
        for (int j = 0; j < columns; j++)
        {
            if (rows <= RowSums.ChunkRows)
            {
                float plain = start?[j] ?? values[j];
                for (int i = start is null ? 1 : 0; i < rows; i++) plain += values[i * columns + j];
                sums[j] = plain;
                continue;
            }
            float? total = start?[j];
            for (int c = 0; c * RowSums.ChunkRows < rows; c++)
            {
                float chunk = values[c * RowSums.ChunkRows * columns + j];
                for (int i = c * RowSums.ChunkRows + 1; i < Math.Min(rows, (c + 1) * RowSums.ChunkRows); i++) chunk += values[i * columns + j];
                total = total is { } t ? t + chunk : chunk;
            }
            sums[j] = total ?? 0f;
        }
        return sums;
    }

    private static float[] Sum(float[] values, int rows, int columns, float[]? start, int threads)
    {
        int saved = WorkerPool.ThreadCount;
        WorkerPool.ThreadCount = threads;
        try
        {
            float[] sums = start is null ? [.. Enumerable.Repeat(float.NaN, columns)] : (float[])start.Clone();   // stale values are overwritten
            RowSums.Sum(values, rows, columns, sums, accumulate: start is not null);
            return sums;
        }
        finally { WorkerPool.ThreadCount = saved; }
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(5, 37)]
    [InlineData(RowSums.ChunkRows, 32)]        // one full chunk: still the plain loop
    [InlineData(RowSums.ChunkRows + 1, 32)]    // a one-row second chunk
    [InlineData(15_488, 64)]                   // keras-io's second convolution, a batch of 128
    [InlineData(86_528, 32)]                   // and its first
    [InlineData(3 * RowSums.ChunkRows + 17, 7)]
    public void SumsEqualTheChunkedOrderForOneAndTwoThreads(int rows, int columns)
    {
        float[] values = Values(rows, columns, rows + columns);
        float[] start = Values(1, columns, 3);
        foreach (float[]? initial in new[] { null, start })
        {
            float[] expected = ChunkedReference(values, rows, columns, initial);
            float[] one = Sum(values, rows, columns, initial, threads: 1), two = Sum(values, rows, columns, initial, threads: 2);
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), one.Select(BitConverter.SingleToInt32Bits));
            Assert.Equal(one.Select(BitConverter.SingleToInt32Bits), two.Select(BitConverter.SingleToInt32Bits));
            for (int j = 0; j < columns; j++)
            {
                double exact = (initial?[j] ?? 0.0) + Enumerable.Range(0, rows).Sum(i => (double)values[i * columns + j]);
                Assert.True(Math.Abs(one[j] - exact) <= 1e-6 * rows, $"column {j}: {one[j]} against {exact}");
            }
        }
    }

    [Fact]
    public void ANaNInAnyChunkReachesItsColumnOnly()
    {
        const int rows = 2 * RowSums.ChunkRows + 5, columns = 9;
        float[] values = Values(rows, columns, 1);
        values[(RowSums.ChunkRows + 3) * columns + 4] = float.NaN;
        float[] sums = Sum(values, rows, columns, null, threads: 2);
        Assert.True(float.IsNaN(sums[4]));
        Assert.All(sums.Where((_, j) => j != 4), s => Assert.True(float.IsFinite(s)));
    }

    [Fact]
    public void TooFewValuesAreRefused()
    {
        const int rows = RowSums.ChunkRows + 1;
        var error = Assert.Throws<ArgumentException>(() => RowSums.Sum(new float[rows * 4 - 1], rows, 4, new float[4], accumulate: false));
        Assert.Contains($"needs {rows * 4} values", error.Message);
    }
}
