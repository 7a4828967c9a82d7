namespace Backprop.Layers;

/// <summary>
/// Keras's RandomFlip (keras/src/layers/preprocessing/image_preprocessing/random_flip.py): in training, each image is
/// flipped with probability ½ — left-right for "horizontal", top-bottom for "vertical", and for
/// "horizontal_and_vertical" both at once, because Keras draws one decision per image and applies it to both axes (a
/// half turn). Draws come from the generator behind <see cref="Utils.SetRandomSeed"/>. Identity in inference.
/// </summary>
public sealed class RandomFlip : Layer
{
    /// <summary>A flip layer.</summary>
    /// <exception cref="ArgumentException">The mode or the data format is unknown.</exception>
    public RandomFlip(string mode = "horizontal_and_vertical", int? seed = null, string? dataFormat = null, string? name = null) : base(name)
    {
        Mode = mode is "horizontal" or "vertical" or "horizontal_and_vertical" ? mode
            : throw new ArgumentException($"Unknown mode '{mode}'. Known: horizontal, vertical, horizontal_and_vertical.", nameof(mode));
        (Seed, DataFormat) = (seed, ImageFormat.Check(dataFormat));
    }

    /// <summary>"horizontal", "vertical" or "horizontal_and_vertical".</summary>
    public string Mode { get; }
    /// <summary>Keras's seed argument, kept in the config; the draws follow <see cref="Utils.SetRandomSeed"/>.</summary>
    public int? Seed { get; }
    /// <summary>"channels_last" or "channels_first".</summary>
    public string DataFormat { get; }

    /// <inheritdoc/>
    protected override void OnBuild(int[] inputShape)
    {
        if (inputShape.Length != 3) throw new ArgumentException($"RandomFlip '{Name}' expects images of rank 4 (batch, height, width, channels), got {FormatWithBatch(inputShape)}.");
    }

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape) => inputShape;

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        if (!training) return inputs;
        // Keras: flips = uniform(shape=(batch, 1, 1, 1)) ≤ 0.5.
        bool[] flips = Tensor.RandomUniform([inputs.Dim(0)]).ToArray().Select(u => u <= 0.5f).ToArray();
        Tensor x = DataFormat == "channels_first" ? ImageFormat.ToChannelsLast(inputs) : inputs;
        Tensor y = Ops.ImageOps.Flip(x, flips, horizontal: Mode != "vertical", vertical: Mode != "horizontal");
        return DataFormat == "channels_first" ? ImageFormat.ToChannelsFirst(y) : y;
    }

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["seed"] = Seed;
        config["mode"] = Mode;
        config["data_format"] = DataFormat;
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the layer its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static RandomFlip FromConfig(Serialization.KerasConfig config) => new(
        config.String("mode", "horizontal_and_vertical"), config.Has("seed") ? config.Int("seed") : null,
        config.NullableString("data_format", null), config.NullableString("name", null));
}
