namespace Backprop.Datasets;

/// <summary>
/// Data that hands out whole batches by index, Keras's <c>keras.utils.PyDataset</c> (formerly <c>Sequence</c>):
/// <see cref="Count"/> is <c>__len__</c> (batches per epoch), <see cref="GetBatch"/> is <c>__getitem__</c>, and
/// <see cref="OnEpochBegin"/>/<see cref="OnEpochEnd"/> are called by Fit and Evaluate around each pass.
/// Use it to keep data in a compact form and convert a batch at a time (<see cref="ImageBatches"/> does this for
/// byte images), to read from disk, or to augment.
/// </summary>
/// <remarks>
/// As in Keras, <c>Fit(dataset, shuffle: true)</c> shuffles the order of the batches each epoch (with the seeded
/// generator), not the samples inside them; a dataset that wants a new mix of samples reshuffles in
/// <see cref="OnEpochBegin"/>. Batches are requested one at a time on the calling thread.
/// </remarks>
public abstract class BatchDataset
{
    /// <summary>The number of batches in one pass (Keras's <c>__len__</c> / <c>num_batches</c>).</summary>
    public abstract int Count { get; }

    /// <summary>The batch at position <paramref name="index"/> (0 ≤ index &lt; <see cref="Count"/>).</summary>
    public abstract Batch GetBatch(int index);

    /// <summary>Called before each pass (Fit: each epoch, after the epoch's random state is set).</summary>
    public virtual void OnEpochBegin() { }

    /// <summary>Called after each pass.</summary>
    public virtual void OnEpochEnd() { }

    /// <summary>
    /// True when every batch is known to be well formed and finite (the dataset checked its data when built), so Fit
    /// need not scan each batch for NaN; user datasets are checked batch by batch.
    /// </summary>
    internal virtual bool ChecksItsBatches => false;

    /// <summary>Starts a new pass over the data when Fit begins one (Fit's own in-memory batches reshuffle their samples here).</summary>
    internal virtual void NewPass() { }
}
