namespace Backprop.Layers;

/// <summary>
/// Keras's RandomContrast (keras/src/layers/preprocessing/image_preprocessing/random_contrast.py): in training, each
/// image's pixels move away from (or toward) each channel's mean over the image by a factor drawn per image,
/// y = (x − mean)·f + mean, clipped to <c>valueRange</c>. Keras 3 bounds the factor to [0, 1] and sets its range as
/// (max(−factor, 0), factor), so f is drawn from [1, 1 + factor] — contrast only increases — and that is what this layer
/// does; a pair (lower, upper) gives f in [1 − lower, 1 + upper]. Identity in inference.
/// </summary>
public sealed class RandomContrast : Layer
{
    /// <summary>A contrast layer with f drawn from [1, 1 + <paramref name="factor"/>] (Keras 3's reading of one number).</summary>
    /// <exception cref="ArgumentException">The factor is outside [0, 1].</exception>
    public RandomContrast(float factor, (float Low, float High)? valueRange = null, int? seed = null, string? name = null)
        : this((Math.Max(-factor, 0f), factor), valueRange, seed, name, check: factor) { }

    /// <summary>A contrast layer with f drawn from [1 − lower, 1 + upper].</summary>
    /// <exception cref="ArgumentException">The pair is outside [0, 1].</exception>
    public RandomContrast((float Lower, float Upper) factor, (float Low, float High)? valueRange = null, int? seed = null, string? name = null)
        : this(Sorted(factor), valueRange, seed, name, check: null) { }

    private RandomContrast((float Lower, float Upper) factor, (float Low, float High)? valueRange, int? seed, string? name, float? check) : base(name)
    {
        if (check is { } f && !(f >= 0 && f <= 1))
            throw new ArgumentException($"The factor argument should be a number (or a list of two numbers) in the range [0, 1], got {f}.", nameof(factor));
        if (!(factor.Lower <= 1 && factor.Upper >= 0))
            throw new ArgumentException($"The factor argument should be a number (or a list of two numbers) in the range [0, 1], got ({factor.Lower}, {factor.Upper}).", nameof(factor));
        (Factor, ValueRange, Seed) = (factor, valueRange ?? (0f, 255f), seed);
    }

    private static (float, float) Sorted((float A, float B) pair) => pair.A <= pair.B ? (pair.A, pair.B) : (pair.B, pair.A);

    /// <summary>(lower, upper): f is drawn from [1 − lower, 1 + upper].</summary>
    public (float Lower, float Upper) Factor { get; }
    /// <summary>The range outputs are clipped to ((0, 255) by default, as Keras).</summary>
    public (float Low, float High) ValueRange { get; }
    /// <summary>Keras's seed argument, kept in the config; the draws follow <see cref="Utils.SetRandomSeed"/>.</summary>
    public int? Seed { get; }

    /// <inheritdoc/>
    protected override void OnBuild(int[] inputShape)
    {
        if (inputShape.Length != 3) throw new ArgumentException($"RandomContrast '{Name}' expects images of rank 4 (batch, height, width, channels), got {FormatWithBatch(inputShape)}.");
    }

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape) => inputShape;

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        if (!training) return inputs;
        Tensor factor = Tensor.RandomUniform([inputs.Dim(0), 1, 1, 1], 1f - Factor.Lower, 1f + Factor.Upper);
        Tensor mean = inputs.Mean(1, keepDims: true).Mean(2, keepDims: true);
        return ((inputs - mean) * factor + mean).Clip(ValueRange.Low, ValueRange.High);
    }

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["factor"] = new[] { Factor.Lower, Factor.Upper };
        config["value_range"] = new[] { ValueRange.Low, ValueRange.High };
        config["seed"] = Seed;
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the layer its <c>get_config</c> describes.</summary>
    internal static RandomContrast FromConfig(Serialization.KerasConfig config)
    {
        (float Low, float High)? range = config.Has("value_range") && config.Floats("value_range") is [float low, float high] ? (low, high) : null;
        int? seed = config.Has("seed") ? config.Int("seed") : null;
        string? name = config.NullableString("name", null);
        if (!config.IsList("factor")) return new RandomContrast(config.Float("factor"), range, seed, name);
        float[] pair = config.Floats("factor");
        return pair.Length == 2 ? new RandomContrast((pair[0], pair[1]), range, seed, name)
            : throw new InvalidDataException($"RandomContrast: factor must be a number or a pair, got {pair.Length} numbers.");
    }
}
