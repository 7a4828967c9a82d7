using Backprop.Kernels;
using Backprop.Ops;

namespace Backprop.Layers;

/// <summary>
/// What Keras's max and average pooling layers share (keras/src/layers/pooling/base_pooling.py): a window of
/// <c>poolSize</c> moved by <c>strides</c> (the pool size by default), "valid" or "same" padding, and the output size of
/// ops/operation_utils.py, compute_pooling_output_shape: valid ⌊(in − pool)/stride⌋ + 1, same ⌊(in − 1)/stride⌋ + 1.
/// Padding is never part of a window: a maximum ignores it, an average divides by the pixels the window covers.
/// </summary>
public abstract class BasePooling : Layer
{
    private protected BasePooling(int rank, int[] poolSize, int[]? strides, string padding, string? dataFormat, string? name) : base(name)
    {
        strides ??= poolSize;
        foreach (var (what, size) in new[] { ("pool_size", poolSize), ("strides", strides) })
            if (size.Length != rank || size.Any(d => d <= 0))
                throw new ArgumentException($"{what} must be {rank} positive number{(rank > 1 ? "s" : "")}, got ({string.Join(", ", size)}).");
        Padding = padding.ToLowerInvariant() is "valid" or "same" ? padding.ToLowerInvariant() : throw new ArgumentException($"Unknown padding '{padding}'. Known: valid, same.", nameof(padding));
        (Rank, PoolSize, Strides, DataFormat) = (rank, poolSize, strides, ImageFormat.Check(dataFormat));
    }

    /// <summary>Number of spatial axes (1 or 2).</summary>
    public int Rank { get; }
    /// <summary>Window size along each spatial axis.</summary>
    public IReadOnlyList<int> PoolSize { get; }
    /// <summary>Step between windows along each spatial axis.</summary>
    public IReadOnlyList<int> Strides { get; }
    /// <summary>"valid" or "same".</summary>
    public string Padding { get; }
    /// <summary>"channels_last" or "channels_first".</summary>
    public string DataFormat { get; }

    /// <summary>Whether this layer takes the maximum (else the average) of each window.</summary>
    private protected abstract bool IsMax { get; }

    private int At(IReadOnlyList<int> size, int axis) => Rank == 2 ? size[axis] : axis == 0 ? 1 : size[0];

    private readonly GeometryCache _geometry = new();

    private int[] Image(int[] sample)
    {
        int[] last = ImageFormat.SampleChannelsLast(sample, DataFormat);
        return Rank == 2 ? last : [1, .. last];
    }

    private ConvolutionGeometry Geometry(int batch, int[] image) =>
        ConvolutionGeometry.For(batch, image, At(PoolSize, 0), At(PoolSize, 1), At(Strides, 0), At(Strides, 1), 1, 1, Padding);

    /// <inheritdoc/>
    protected override void OnBuild(int[] inputShape)
    {
        if (inputShape.Length != Rank + 1)
            throw new ArgumentException($"{GetType().Name} '{Name}' expects inputs of rank {Rank + 2} ({(Rank == 2 ? "(None, height, width, channels)" : "(None, steps, channels)")} for channels_last), got {FormatWithBatch(inputShape)}.");
        _ = ComputeOutputShape(inputShape);
    }

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape)
    {
        ConvolutionGeometry g = Geometry(1, Image(inputShape));
        int[] last = Rank == 2 ? [g.OutHeight, g.OutWidth, g.Channels] : [g.OutWidth, g.Channels];
        return ImageFormat.SampleInFormat(last, DataFormat);
    }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        Tensor x = DataFormat == "channels_first" ? ImageFormat.ToChannelsLast(inputs) : inputs;
        ConvolutionGeometry g = _geometry.For(inputs.ShapeRef, this, static (layer, batch, sample) => layer.Geometry(batch, layer.Image(sample)));
        if (Rank == 1) x = x.Reshape([x.Dim(0), g.Height, g.Width, g.Channels]);
        Tensor y = IsMax ? PoolingOps.MaxPool2D(x, g) : PoolingOps.AveragePool2D(x, g);
        if (Rank == 1) y = y.Reshape(y.Dim(0), g.OutWidth, g.Channels);
        return DataFormat == "channels_first" ? ImageFormat.ToChannelsFirst(y) : y;
    }

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["pool_size"] = PoolSize.ToArray();
        config["padding"] = Padding;
        config["strides"] = Strides.ToArray();
        config["data_format"] = DataFormat;
        return config;
    }
}
