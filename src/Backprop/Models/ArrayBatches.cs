using Backprop.Datasets;

namespace Backprop;

/// <summary>
/// Fit's view of in-memory arrays as batches: the samples reshuffled (seeded) at the start of each pass over them when
/// <paramref name="shuffle"/> is set (each epoch, or less often with stepsPerEpoch, as Keras's array adapter shuffles
/// per iterator), each batch gathered into reused buffers. The arrays were checked by Fit.
/// </summary>
internal sealed class ArrayBatches(Tensor x, Tensor y, Tensor? weights, int batchSize, bool shuffle, BatchBuffers buffers) : BatchDataset
{
    private readonly int[] _order = new int[x.Dim(0)];

    public override int Count => (_order.Length + batchSize - 1) / batchSize;

    public override Batch GetBatch(int index)
    {
        int start = index * batchSize;
        ReadOnlySpan<int> rows = _order.AsSpan(start, Math.Min(batchSize, _order.Length - start));
        (Tensor X, Tensor Y, Tensor? W) batch = buffers.Gather(x, y, weights, rows, full: rows.Length == batchSize);
        return new Batch(batch.X, batch.Y, batch.W);
    }

    /// <summary>Starts a pass over the samples: a new seeded order, or the natural one.</summary>
    internal override void NewPass()
    {
        if (shuffle) RandomSource.Permutation(_order);
        else for (int i = 0; i < _order.Length; i++) _order[i] = i;
    }

    internal override bool ChecksItsBatches => true;
}
