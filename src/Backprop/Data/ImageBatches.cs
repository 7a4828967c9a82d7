using System.Globalization;

namespace Backprop.Datasets;

/// <summary>
/// Batches of byte images scaled to floats as each batch is gathered (<c>pixel · scale</c>, 1/255 by default), with
/// their targets; the samples are reshuffled at the start of each epoch when <paramref name="shuffle"/> is set. The same
/// training as <c>Fit(x.ToTensor() * scale, y, batchSize, shuffle: true)</c> — the same batches in the same seeded
/// order, bit for bit — with a quarter of the memory for the images.
/// </summary>
/// <remarks>
/// The tensors of a batch are reused by the next <see cref="GetBatch"/> call of the same size (that keeps training
/// free of per-step allocation); <c>Clone()</c> a batch to keep it. Give <c>shuffle: false</c> to Fit: the order is this
/// dataset's, and Fit's own shuffle would only permute whole batches again.
/// </remarks>
/// <param name="x">The images, samples on axis 0; each batch has shape [rows, ...x's other axes].</param>
/// <param name="y">Targets, one row per image.</param>
/// <param name="batchSize">Samples per batch; the last batch of an epoch holds the rest.</param>
/// <param name="shuffle">Reshuffle the samples at every <see cref="OnEpochBegin"/>.</param>
/// <param name="scale">Factor applied to every pixel (Keras's <c>Rescaling(1/255)</c>).</param>
public sealed class ImageBatches(ByteImages x, Tensor y, int batchSize = 32, bool shuffle = true, float scale = 1f / 255f) : BatchDataset
{
    private readonly ByteImages _x = Checked(x, y, batchSize, scale);
    private readonly Tensor _y = y;
    private readonly int _batchSize = batchSize;
    private readonly int[] _order = Identity(x.Count);
    private Tensor? _xFull, _yFull, _xLast, _yLast;

    /// <summary>The number of batches: ⌈samples / batchSize⌉.</summary>
    public override int Count => (_x.Count + _batchSize - 1) / _batchSize;

    /// <summary>Samples per batch.</summary>
    public int BatchSize => _batchSize;

    /// <summary>The factor each pixel is multiplied by.</summary>
    public float Scale { get; } = scale;

    /// <inheritdoc/>
    public override Batch GetBatch(int index)
    {
        if ((uint)index >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(index), $"Batch index {index} is out of range: this dataset has {Count} batches.");
        int start = index * _batchSize, rows = Math.Min(_batchSize, _x.Count - start);
        ReadOnlySpan<int> order = _order.AsSpan(start, rows);
        bool full = rows == _batchSize;
        Tensor xb = Buffer(ref full ? ref _xFull : ref _xLast, rows, _x.ShapeRef);
        Tensor yb = Buffer(ref full ? ref _yFull : ref _yLast, rows, _y.ShapeRef);
        Ops.GatherOps.Rows(_y, order, yb);
        Ops.GatherOps.ScaledBytes(_x.Pixels, _x.SampleSize, Scale, start, rows, _order, xb);
        return new Batch(xb, yb);
    }

    /// <summary>Reshuffles the samples (with the seeded generator) when the dataset was made with shuffle.</summary>
    public override void OnEpochBegin()
    {
        if (shuffle) RandomSource.Permutation(_order);
    }

    internal override bool ChecksItsBatches => true;

    private static Tensor Buffer(ref Tensor? buffer, int rows, int[] sourceShape)
    {
        if (buffer is null || buffer.Dim(0) != rows)
        {
            int[] shape = (int[])sourceShape.Clone();
            shape[0] = rows;
            buffer = new Tensor(shape);
        }
        return buffer;
    }

    private static int[] Identity(int n)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        return order;
    }

    private static ByteImages Checked(ByteImages x, Tensor y, int batchSize, float scale)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        TrainingData.CheckBatchSize(batchSize);
        if (!float.IsFinite(scale)) throw new ArgumentOutOfRangeException(nameof(scale), $"scale must be finite, got {scale.ToString(CultureInfo.InvariantCulture)}.");
        if (y.Rank < 1) throw new ArgumentException("y must have a batch axis, got a scalar.", nameof(y));
        if (y.Dim(0) != x.Count)
            throw new ArgumentException($"x and y must have the same number of samples: x has {x.Count} (shape {ShapeMath.Format(x.ShapeRef)}), y has {y.Dim(0)} (shape {ShapeMath.Format(y.ShapeRef)}).");
        if (x.Count == 0) throw new ArgumentException("ImageBatches needs at least one sample, got none.", nameof(x));
        TrainingData.CheckFinite(y, nameof(y));
        return x;
    }
}
