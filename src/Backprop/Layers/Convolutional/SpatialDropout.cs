namespace Backprop.Layers;

/// <summary>
/// Keras's SpatialDropout1D and 2D (keras/src/layers/regularization/spatial_dropout.py): in training, whole channels of
/// each sample are dropped with probability <c>rate</c> (the noise shape is [batch, 1…, channels]) and the rest scaled
/// by 1/(1 − rate), since neighbouring pixels of a feature map are too alike for element-wise dropout to regularize.
/// Identity in inference.
/// </summary>
public abstract class SpatialDropout : Layer
{
    private protected SpatialDropout(int rank, float rate, string? dataFormat, string? name) : base(name)
    {
        Rate = rate is >= 0 and < 1 ? rate : throw new ArgumentException($"rate must be in [0, 1), got {rate}.", nameof(rate));
        (Rank, DataFormat) = (rank, ImageFormat.Check(dataFormat));
    }

    /// <summary>Number of spatial axes (1 or 2).</summary>
    public int Rank { get; }
    /// <summary>Probability of dropping each channel of each sample.</summary>
    public float Rate { get; }
    /// <summary>"channels_last" or "channels_first".</summary>
    public string DataFormat { get; }

    /// <inheritdoc/>
    protected override void OnBuild(int[] inputShape)
    {
        if (inputShape.Length != Rank + 1)
            throw new ArgumentException($"{GetType().Name} '{Name}' expects inputs of rank {Rank + 2}, got {FormatWithBatch(inputShape)}.");
    }

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape) => inputShape;

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        if (!training || Rate == 0) return inputs;
        int[] noise = DataFormat == "channels_last"
            ? [inputs.Dim(0), .. Enumerable.Repeat(1, Rank), inputs.Dim(-1)]
            : [inputs.Dim(0), inputs.Dim(1), .. Enumerable.Repeat(1, Rank)];
        return inputs * Ops.RandomOps.DropoutMask(noise, Rate);
    }

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["rate"] = Rate;
        if (Rank == 2) config["data_format"] = DataFormat;
        return config;
    }
}

/// <summary>Keras's SpatialDropout1D over sequences [batch, steps, channels] (see <see cref="SpatialDropout"/>).</summary>
public sealed class SpatialDropout1D : SpatialDropout
{
    /// <summary>A spatial dropout layer.</summary>
    /// <exception cref="ArgumentException">The rate is outside [0, 1).</exception>
    public SpatialDropout1D(float rate, string? name = null) : base(1, rate, null, name) { }

    /// <summary>Keras's <c>from_config</c>: the layer its <c>get_config</c> describes.</summary>
    internal static SpatialDropout1D FromConfig(Serialization.KerasConfig config) => new(config.Float("rate"), config.NullableString("name", null));
}

/// <summary>Keras's SpatialDropout2D over images (see <see cref="SpatialDropout"/>).</summary>
public sealed class SpatialDropout2D : SpatialDropout
{
    /// <summary>A spatial dropout layer.</summary>
    /// <exception cref="ArgumentException">The rate is outside [0, 1) or the data format is unknown.</exception>
    public SpatialDropout2D(float rate, string? dataFormat = null, string? name = null) : base(2, rate, dataFormat, name) { }

    /// <summary>Keras's <c>from_config</c>: the layer its <c>get_config</c> describes.</summary>
    internal static SpatialDropout2D FromConfig(Serialization.KerasConfig config) =>
        new(config.Float("rate"), config.NullableString("data_format", null), config.NullableString("name", null));
}
