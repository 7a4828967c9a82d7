using System.Globalization;
using System.Numerics.Tensors;

namespace Backprop.Datasets;

/// <summary>
/// Images (or any samples of unsigned 8-bit values) kept as bytes, the way <c>keras.datasets</c> hands out uint8
/// arrays: a quarter of the memory of float pixels (Fashion-MNIST's 60,000 training images are 47 MB instead of
/// 188 MB). Axis 0 is the sample. <see cref="ImageBatches"/> turns one batch at a time into scaled floats for
/// <c>Model.Fit</c>, so the whole dataset never exists as floats.
/// </summary>
/// <example><code>
/// var ((xTrain, yTrain), _) = FashionMnist.LoadBytes();          // xTrain: [60000, 28, 28] bytes
/// var batches = new ImageBatches(xTrain.Reshape(-1, 784), Utils.ToCategorical(yTrain, 10), batchSize: 128);
/// model.Fit(batches, epochs: 5);                                  // each batch is pixels / 255 as floats
/// </code></example>
public sealed class ByteImages
{
    private readonly int[] _shape;

    /// <summary>Wraps <paramref name="pixels"/> (not copied) as an array of the given shape.</summary>
    /// <exception cref="ArgumentException">The shape has no axes, a negative dimension, or does not hold exactly <c>pixels.Length</c> values.</exception>
    public ByteImages(byte[] pixels, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0) throw new ArgumentException("ByteImages needs a sample axis: got an empty shape.", nameof(shape));
        int[] resolved = ShapeMath.ResolveReshape(shape, pixels.Length);
        Pixels = pixels;
        _shape = resolved;
    }

    /// <summary>The values, sample after sample (row-major). Shared with every view made by <see cref="Reshape"/>.</summary>
    public byte[] Pixels { get; }

    /// <summary>The shape; axis 0 counts the samples.</summary>
    public int[] Shape => (int[])_shape.Clone();

    internal int[] ShapeRef => _shape;

    /// <summary>The number of samples (axis 0).</summary>
    public int Count => _shape[0];

    /// <summary>Values per sample: the product of every axis after the first.</summary>
    public int SampleSize => Count == 0 ? ShapeMath.SizeOf(_shape[1..]) : Pixels.Length / Count;

    /// <summary>The same bytes seen with another shape (one dimension may be -1, inferred), like <c>Tensor.Reshape</c>.</summary>
    /// <exception cref="ArgumentException">The new shape does not hold the same number of values.</exception>
    public ByteImages Reshape(params int[] shape) => new(Pixels, shape);

    /// <summary>The values as a float tensor of the same shape (0..255, unscaled), as <c>Idx.Read</c> would give them.</summary>
    public Tensor ToTensor()
    {
        var values = new float[Pixels.Length];
        TensorPrimitives.ConvertChecked<byte, float>(Pixels, values);
        return Tensor.FromArray(values, _shape);
    }

    /// <summary>Bytes from a tensor whose values are all whole numbers in 0..255 (pixel values loaded as floats, say).</summary>
    /// <exception cref="ArgumentException">A value is not a whole number in 0..255 (the message gives the first and its index).</exception>
    public static ByteImages FromTensor(Tensor values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Rank == 0) throw new ArgumentException("ByteImages needs a sample axis: got a scalar.", nameof(values));
        var pixels = new byte[values.Size];
        if (Ops.ConversionOps.ToWholeBytes(values, pixels) is { } bad)
            throw new ArgumentException($"ByteImages holds whole numbers in 0..255; the tensor has {values.At(bad).ToString(CultureInfo.InvariantCulture)} at flat index {bad}.", nameof(values));
        return new ByteImages(pixels, values.Shape);
    }
}
