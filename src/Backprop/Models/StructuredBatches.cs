using Backprop.Datasets;

namespace Backprop;

/// <summary>
/// Fit's batches of in-memory data for a model with several inputs or outputs: one tensor per input and per output,
/// the same rows of each gathered per batch, the samples reshuffled (seeded) at each new pass as <see cref="ArrayBatches"/> does.
/// </summary>
internal sealed class StructuredBatches(Tensor[] inputs, Tensor[] targets, Tensor? weights, int batchSize, bool shuffle) : BatchDataset
{
    private readonly int[] _order = new int[inputs[0].Dim(0)];

    public override int Count => (_order.Length + batchSize - 1) / batchSize;

    public override Batch GetBatch(int index)
    {
        int start = index * batchSize;
        ReadOnlySpan<int> rows = _order.AsSpan(start, Math.Min(batchSize, _order.Length - start));
        var x = new Tensor[inputs.Length];
        for (int i = 0; i < x.Length; i++) x[i] = TrainingData.Gather(inputs[i], rows, null);
        var y = new Tensor[targets.Length];
        for (int i = 0; i < y.Length; i++) y[i] = TrainingData.Gather(targets[i], rows, null);
        return new Batch(x, y, weights is null ? null : TrainingData.Gather(weights, rows, null));
    }

    internal override void NewPass()
    {
        if (shuffle) RandomSource.Permutation(_order);
        else for (int i = 0; i < _order.Length; i++) _order[i] = i;
    }

    internal override bool ChecksItsBatches => true;
}
