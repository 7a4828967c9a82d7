namespace Backprop.Datasets;

/// <summary>
/// One batch from a <see cref="BatchDataset"/>: inputs, targets and optional per-sample weights, as Keras's
/// <c>PyDataset.__getitem__</c> returns <c>(x,)</c>, <c>(x, y)</c> or <c>(x, y, sample_weight)</c>.
/// A tuple converts: <c>return (x, y);</c>.
/// </summary>
/// <param name="X">Inputs, batch axis first.</param>
/// <param name="Y">Targets with the same number of samples (needed by Fit and Evaluate).</param>
/// <param name="SampleWeight">One weight per sample, or null.</param>
public readonly record struct Batch(Tensor X, Tensor? Y = null, Tensor? SampleWeight = null)
{
    /// <summary>An (inputs, targets) pair as a batch.</summary>
    public static implicit operator Batch((Tensor X, Tensor Y) pair) => new(pair.X, pair.Y);

    /// <summary>An (inputs, targets, sample weights) triple as a batch.</summary>
    public static implicit operator Batch((Tensor X, Tensor Y, Tensor? SampleWeight) triple) => new(triple.X, triple.Y, triple.SampleWeight);
}
