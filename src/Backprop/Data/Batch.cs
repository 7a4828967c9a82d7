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
    /// <summary>A batch for a model with several inputs or outputs: one tensor per input and per output, in the
    /// model's order (<see cref="Model.Inputs"/>, <see cref="Model.Outputs"/>), each with the same number of samples.</summary>
    /// <param name="inputs">One tensor per model input.</param>
    /// <param name="targets">One tensor per model output, or null for Predict.</param>
    /// <param name="sampleWeight">One weight per sample, or null.</param>
    public Batch(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor>? targets, Tensor? sampleWeight = null)
        : this(First(inputs), targets is null ? null : First(targets), sampleWeight)
    {
        Inputs = [.. inputs];
        Targets = targets is null ? null : [.. targets];
    }

    private static Tensor First(IReadOnlyList<Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        return tensors.Count > 0 ? tensors[0] : throw new ArgumentException("A batch needs at least one tensor in each list.", nameof(tensors));
    }

    /// <summary>Every input, when the batch was made with one tensor per input; null for a plain (X, Y) batch.</summary>
    public IReadOnlyList<Tensor>? Inputs { get; }

    /// <summary>Every target, when the batch was made with one tensor per output.</summary>
    public IReadOnlyList<Tensor>? Targets { get; }

    /// <summary>An (inputs, targets) pair as a batch.</summary>
    public static implicit operator Batch((Tensor X, Tensor Y) pair) => new(pair.X, pair.Y);

    /// <summary>An (inputs, targets, sample weights) triple as a batch.</summary>
    public static implicit operator Batch((Tensor X, Tensor Y, Tensor? SampleWeight) triple) => new(triple.X, triple.Y, triple.SampleWeight);
}
