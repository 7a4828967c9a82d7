namespace Backprop.Layers;

/// <summary>
/// What Keras's ZeroPadding, Cropping and UpSampling layers share: a rearrangement of every image (or sequence, an image
/// one pixel high) in the layer's data format, run on channels-last images.
/// </summary>
public abstract class SpatialLayer : Layer
{
    private protected SpatialLayer(int rank, string? dataFormat, string? name) : base(name) => (Rank, DataFormat) = (rank, ImageFormat.Check(dataFormat));

    /// <summary>Number of spatial axes (1 or 2).</summary>
    public int Rank { get; }
    /// <summary>"channels_last" or "channels_first".</summary>
    public string DataFormat { get; }

    /// <summary>The output image [h, w, c] for an input image [h, w, c] (channels last).</summary>
    private protected abstract int[] OutputImage(int[] image);

    /// <summary>The rearrangement of channels-last images [N, H, W, C].</summary>
    private protected abstract Tensor Apply(Tensor images);

    private int[] Image(int[] sample)
    {
        int[] last = ImageFormat.SampleChannelsLast(sample, DataFormat);
        return Rank == 2 ? last : [1, .. last];
    }

    /// <inheritdoc/>
    protected override void OnBuild(int[] inputShape)
    {
        if (inputShape.Length != Rank + 1)
            throw new ArgumentException($"{GetType().Name} '{Name}' expects inputs of rank {Rank + 2}, got {FormatWithBatch(inputShape)}.");
        _ = ComputeOutputShape(inputShape);
    }

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape)
    {
        int[] image = OutputImage(Image(inputShape));
        if (image[0] <= 0 || image[1] <= 0)
            throw new ArgumentException($"{GetType().Name} '{Name}' would leave nothing of inputs {FormatWithBatch(inputShape)}.");
        return ImageFormat.SampleInFormat(Rank == 2 ? image : image[1..], DataFormat);
    }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        Tensor x = DataFormat == "channels_first" ? ImageFormat.ToChannelsLast(inputs) : inputs;
        if (Rank == 1) x = x.Reshape(x.Dim(0), 1, x.Dim(1), x.Dim(2));
        Tensor y = Apply(x);
        if (Rank == 1) y = y.Reshape(y.Dim(0), y.Dim(2), y.Dim(3));
        return DataFormat == "channels_first" ? ImageFormat.ToChannelsFirst(y) : y;
    }
}

/// <summary>Keras's ZeroPadding2D (keras/src/layers/reshaping/zero_padding2d.py): rows of zeros above and below each
/// image and columns left and right. <c>padding: 1</c> pads one of each; <c>((top, bottom), (left, right))</c> each side.</summary>
public sealed class ZeroPadding2D : SpatialLayer
{
    /// <summary>Symmetric padding: <paramref name="padding"/>.Height rows above and below, .Width columns on each side.</summary>
    /// <exception cref="ArgumentException">A padding is negative or the data format unknown.</exception>
    public ZeroPadding2D(Size2D? padding = null, string? dataFormat = null, string? name = null)
        : this(((padding ?? 1).Height, (padding ?? 1).Height), ((padding ?? 1).Width, (padding ?? 1).Width), dataFormat, name) { }

    /// <summary>Padding given per side.</summary>
    public ZeroPadding2D((int Top, int Bottom) rows, (int Left, int Right) columns, string? dataFormat = null, string? name = null) : base(2, dataFormat, name)
    {
        if (rows.Top < 0 || rows.Bottom < 0 || columns.Left < 0 || columns.Right < 0)
            throw new ArgumentException($"ZeroPadding2D needs padding ≥ 0, got (({rows.Top}, {rows.Bottom}), ({columns.Left}, {columns.Right})).");
        (Rows, Columns) = (rows, columns);
    }

    /// <summary>Rows added above and below.</summary>
    public (int Top, int Bottom) Rows { get; }
    /// <summary>Columns added left and right.</summary>
    public (int Left, int Right) Columns { get; }

    private protected override int[] OutputImage(int[] image) => [image[0] + Rows.Top + Rows.Bottom, image[1] + Columns.Left + Columns.Right, image[2]];

    private protected override Tensor Apply(Tensor images) => Ops.ImageOps.Pad(images, Rows.Top, Rows.Bottom, Columns.Left, Columns.Right);

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["padding"] = new[] { new[] { Rows.Top, Rows.Bottom }, new[] { Columns.Left, Columns.Right } };
        config["data_format"] = DataFormat;
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the layer its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static ZeroPadding2D FromConfig(Serialization.KerasConfig config)
    {
        var (rows, columns) = config.Pairs2D("padding", 1);
        return new(rows, columns, config.NullableString("data_format", null), config.NullableString("name", null));
    }
}

/// <summary>Keras's Cropping2D (keras/src/layers/reshaping/cropping2d.py): rows removed above and below each image and
/// columns left and right.</summary>
public sealed class Cropping2D : SpatialLayer
{
    /// <summary>Symmetric cropping (none by default, as Keras).</summary>
    /// <exception cref="ArgumentException">A cropping is negative or the data format unknown.</exception>
    public Cropping2D(Size2D? cropping = null, string? dataFormat = null, string? name = null)
        : this(((cropping ?? 0).Height, (cropping ?? 0).Height), ((cropping ?? 0).Width, (cropping ?? 0).Width), dataFormat, name) { }

    /// <summary>Cropping given per side.</summary>
    public Cropping2D((int Top, int Bottom) rows, (int Left, int Right) columns, string? dataFormat = null, string? name = null) : base(2, dataFormat, name)
    {
        if (rows.Top < 0 || rows.Bottom < 0 || columns.Left < 0 || columns.Right < 0)
            throw new ArgumentException($"Cropping2D needs cropping ≥ 0, got (({rows.Top}, {rows.Bottom}), ({columns.Left}, {columns.Right})).");
        (Rows, Columns) = (rows, columns);
    }

    /// <summary>Rows removed above and below.</summary>
    public (int Top, int Bottom) Rows { get; }
    /// <summary>Columns removed left and right.</summary>
    public (int Left, int Right) Columns { get; }

    private protected override int[] OutputImage(int[] image) => [image[0] - Rows.Top - Rows.Bottom, image[1] - Columns.Left - Columns.Right, image[2]];

    private protected override Tensor Apply(Tensor images) => Ops.ImageOps.Crop(images, Rows.Top, Rows.Bottom, Columns.Left, Columns.Right);

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["cropping"] = new[] { new[] { Rows.Top, Rows.Bottom }, new[] { Columns.Left, Columns.Right } };
        config["data_format"] = DataFormat;
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the layer its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Cropping2D FromConfig(Serialization.KerasConfig config)
    {
        var (rows, columns) = config.Pairs2D("cropping", 0);
        return new(rows, columns, config.NullableString("data_format", null), config.NullableString("name", null));
    }
}

/// <summary>Keras's UpSampling2D (keras/src/layers/reshaping/up_sampling2d.py): with interpolation "nearest" each pixel
/// repeated size.Height × size.Width times; with "bilinear" Keras's <c>ops.image.resize</c> (half-pixel centres, edge rows
/// read at the edges). Keras's "bicubic", "lanczos3" and "lanczos5" are refused with a clear message.</summary>
public sealed class UpSampling2D : SpatialLayer
{
    /// <summary>An upsampling layer (2×2 by default, as Keras).</summary>
    /// <exception cref="ArgumentException">A size is not positive, the data format is unknown, or the interpolation is not
    /// "nearest" or "bilinear".</exception>
    public UpSampling2D(Size2D? size = null, string? dataFormat = null, string interpolation = "nearest", string? name = null) : base(2, dataFormat, name)
    {
        Size = size ?? 2;
        Size.CheckPositive("size");
        Interpolation = interpolation is "nearest" or "bilinear" ? interpolation
            : throw new ArgumentException(interpolation is "bicubic" or "lanczos3" or "lanczos5"
                ? $"UpSampling2D: interpolation '{interpolation}' is not implemented; 'nearest' and 'bilinear' are."
                : $"Unknown interpolation '{interpolation}'. Known: nearest, bilinear (Keras also has bicubic, lanczos3, lanczos5).", nameof(interpolation));
    }

    /// <summary>Repetitions along height and width.</summary>
    public Size2D Size { get; }
    /// <summary>"nearest" or "bilinear".</summary>
    public string Interpolation { get; }

    private protected override int[] OutputImage(int[] image) => [image[0] * Size.Height, image[1] * Size.Width, image[2]];

    private protected override Tensor Apply(Tensor images) => Interpolation == "bilinear"
        ? Ops.ImageOps.UpSampleBilinear(images, Size.Height, Size.Width)
        : Ops.ImageOps.UpSampleNearest(images, Size.Height, Size.Width);

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["size"] = Size.ToArray();
        config["data_format"] = DataFormat;
        config["interpolation"] = Interpolation;
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the layer its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static UpSampling2D FromConfig(Serialization.KerasConfig config) =>
        new(config.Size2D("size", 2), config.NullableString("data_format", null), config.String("interpolation", "nearest"), config.NullableString("name", null));
}

/// <summary>Keras's ZeroPadding1D: zero steps before and after each sequence [batch, steps, channels].</summary>
public sealed class ZeroPadding1D : SpatialLayer
{
    /// <summary>One step (or <paramref name="padding"/>) on each side.</summary>
    public ZeroPadding1D(int padding = 1, string? name = null) : this((padding, padding), name) { }

    /// <summary>Steps added before and after.</summary>
    /// <exception cref="ArgumentException">A padding is negative.</exception>
    public ZeroPadding1D((int Left, int Right) padding, string? name = null) : base(1, null, name)
    {
        if (padding.Left < 0 || padding.Right < 0) throw new ArgumentException($"ZeroPadding1D needs padding ≥ 0, got ({padding.Left}, {padding.Right}).");
        Padding = padding;
    }

    /// <summary>Steps added before and after.</summary>
    public (int Left, int Right) Padding { get; }

    private protected override int[] OutputImage(int[] image) => [1, image[1] + Padding.Left + Padding.Right, image[2]];

    private protected override Tensor Apply(Tensor images) => Ops.ImageOps.Pad(images, 0, 0, Padding.Left, Padding.Right);

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["padding"] = new[] { Padding.Left, Padding.Right };
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the layer its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static ZeroPadding1D FromConfig(Serialization.KerasConfig config) => new(config.Pair("padding", 1), config.NullableString("name", null));
}

/// <summary>Keras's Cropping1D: steps removed from the start and the end of each sequence.</summary>
public sealed class Cropping1D : SpatialLayer
{
    /// <summary>Steps removed from the start and the end ((1, 1) by default, as Keras).</summary>
    /// <exception cref="ArgumentException">A cropping is negative.</exception>
    public Cropping1D((int Start, int End)? cropping = null, string? name = null) : base(1, null, name)
    {
        Cropping = cropping ?? (1, 1);
        if (Cropping.Start < 0 || Cropping.End < 0) throw new ArgumentException($"Cropping1D needs cropping ≥ 0, got ({Cropping.Start}, {Cropping.End}).");
    }

    /// <summary>Steps removed from the start and the end.</summary>
    public (int Start, int End) Cropping { get; }

    private protected override int[] OutputImage(int[] image) => [1, image[1] - Cropping.Start - Cropping.End, image[2]];

    private protected override Tensor Apply(Tensor images) => Ops.ImageOps.Crop(images, 0, 0, Cropping.Start, Cropping.End);

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["cropping"] = new[] { Cropping.Start, Cropping.End };
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the layer its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Cropping1D FromConfig(Serialization.KerasConfig config) => new(config.Pair("cropping", 1), config.NullableString("name", null));
}

/// <summary>Keras's UpSampling1D: each step repeated <c>size</c> times.</summary>
public sealed class UpSampling1D : SpatialLayer
{
    /// <summary>Each step repeated <paramref name="size"/> times (2 by default, as Keras).</summary>
    /// <exception cref="ArgumentException">The size is not positive.</exception>
    public UpSampling1D(int size = 2, string? name = null) : base(1, null, name) =>
        Size = size > 0 ? size : throw new ArgumentException($"UpSampling1D needs a positive size, got {size}.", nameof(size));

    /// <summary>Repetitions of each step.</summary>
    public int Size { get; }

    private protected override int[] OutputImage(int[] image) => [1, image[1] * Size, image[2]];

    private protected override Tensor Apply(Tensor images) => Ops.ImageOps.UpSampleNearest(images, 1, Size);

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["size"] = Size;
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the layer its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static UpSampling1D FromConfig(Serialization.KerasConfig config) => new(config.Int("size", 2), config.NullableString("name", null));
}
