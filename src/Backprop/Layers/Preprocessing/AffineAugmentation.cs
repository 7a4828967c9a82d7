using Backprop.Ops;

namespace Backprop.Layers;

/// <summary>
/// What Keras's RandomTranslation, RandomRotation and RandomZoom share: in training, one affine transform is drawn per
/// image and the image is resampled through Keras's <c>affine_transform</c> with the layer's <c>fill_mode</c>
/// ("reflect" by default, as Keras's code has it; "wrap", "constant" with <c>fill_value</c>, "nearest") and
/// <c>interpolation</c> ("bilinear" by default, or "nearest"). Identity in inference. Draws come from the generator
/// behind <see cref="Utils.SetRandomSeed"/>.
/// </summary>
public abstract class AffineAugmentation : Layer
{
    private readonly FillMode _fill;

    /// <summary>Checks and keeps the arguments every affine augmentation takes.</summary>
    /// <exception cref="ArgumentException">The fill mode, interpolation or data format is unknown.</exception>
    private protected AffineAugmentation(string fillMode, string interpolation, int? seed, float fillValue, string? dataFormat, string? name) : base(name)
    {
        _fill = fillMode switch
        {
            "reflect" => Ops.FillMode.Reflect,
            "wrap" => Ops.FillMode.Wrap,
            "constant" => Ops.FillMode.Constant,
            "nearest" => Ops.FillMode.Nearest,
            _ => throw new ArgumentException($"Unknown fill_mode '{fillMode}'. Expected one of reflect, wrap, constant, nearest.", nameof(fillMode)),
        };
        Interpolation = interpolation is "bilinear" or "nearest" ? interpolation
            : throw new ArgumentException($"Unknown interpolation '{interpolation}'. Expected one of nearest, bilinear.", nameof(interpolation));
        (FillMode, Seed, FillValue, DataFormat) = (fillMode, seed, fillValue, ImageFormat.Check(dataFormat));
    }

    /// <summary>"reflect", "wrap", "constant" or "nearest".</summary>
    public string FillMode { get; }
    /// <summary>"bilinear" or "nearest".</summary>
    public string Interpolation { get; }
    /// <summary>Keras's seed argument, kept in the config; the draws follow <see cref="Utils.SetRandomSeed"/>.</summary>
    public int? Seed { get; }
    /// <summary>The value read outside the image with fill mode "constant".</summary>
    public float FillValue { get; }
    /// <summary>"channels_last" or "channels_first".</summary>
    public string DataFormat { get; }

    /// <summary>Keras's eight numbers [a0, a1, a2, b0, b1, b2, c0, c1] for each of <paramref name="count"/> images of
    /// <paramref name="height"/> × <paramref name="width"/>: output pixel (y, x) reads column a0·x + a1·y + a2 and row
    /// b0·x + b1·y + b2.</summary>
    internal abstract float[] DrawTransforms(int count, int height, int width);

    /// <inheritdoc/>
    protected override void OnBuild(int[] inputShape)
    {
        if (inputShape.Length != 3) throw new ArgumentException($"{GetType().Name} '{Name}' expects images of rank 4 (batch, height, width, channels), got {FormatWithBatch(inputShape)}.");
    }

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape) => inputShape;

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        if (!training) return inputs;
        Tensor x = DataFormat == "channels_first" ? ImageFormat.ToChannelsLast(inputs) : inputs;
        float[] transforms = DrawTransforms(x.Dim(0), x.Dim(1), x.Dim(2));
        Tensor y = AffineTransformOp.Transform(x, transforms, Interpolation == "bilinear", _fill, FillValue);
        return DataFormat == "channels_first" ? ImageFormat.ToChannelsFirst(y) : y;
    }

    /// <summary>Uniform draws in [<paramref name="low"/>, <paramref name="high"/>), one per image.</summary>
    private protected static float[] Uniform(int count, float low, float high) => Tensor.RandomUniform([count], low, high).ToArray();

    /// <summary>The keys every affine augmentation writes after its factors, in Keras's order for translation and zoom.</summary>
    private protected void AddCommonConfig(IDictionary<string, object?> config)
    {
        config["fill_mode"] = FillMode;
        config["interpolation"] = Interpolation;
        config["seed"] = Seed;
        config["fill_value"] = FillValue;
        config["data_format"] = DataFormat;
    }

    /// <summary>The common arguments read back from a config, with Keras's defaults for missing keys.</summary>
    private protected static (string FillMode, string Interpolation, int? Seed, float FillValue, string? DataFormat, string? Name) CommonFromConfig(Serialization.KerasConfig config) => (
        config.String("fill_mode", "reflect"), config.String("interpolation", "bilinear"), config.Has("seed") ? config.Int("seed") : null,
        config.Has("fill_value") ? config.Float("fill_value") : 0f, config.NullableString("data_format", null), config.NullableString("name", null));
}
