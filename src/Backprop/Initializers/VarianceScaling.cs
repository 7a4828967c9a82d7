namespace Backprop.Initializers;

/// <summary>
/// Keras's VarianceScaling, the family behind glorot, he and lecun: variance = scale / n where n is fan_in,
/// fan_out or their mean ("fan_avg"); "uniform" draws from ±√(3·variance), "truncated_normal" from a normal
/// cut at two standard deviations with stddev √variance / 0.87962566103423978 (Keras's correction for the
/// variance the cut removes), "untruncated_normal" from a normal with stddev √variance.
/// Keras's defaults: scale 1, mode fan_in, distribution truncated_normal.
/// </summary>
public class VarianceScaling : Initializer
{
    private const double TruncationCorrection = 0.87962566103423978;

    /// <summary>Creates the initializer.</summary>
    /// <exception cref="ArgumentException">scale is not positive, or mode or distribution is unknown.</exception>
    public VarianceScaling(double scale = 1.0, string mode = "fan_in", string distribution = "truncated_normal")
    {
        if (!(scale > 0)) throw new ArgumentException($"scale must be positive, got {scale}.", nameof(scale));
        if (mode is not ("fan_in" or "fan_out" or "fan_avg")) throw new ArgumentException($"Unknown mode '{mode}'. Known modes: fan_in, fan_out, fan_avg.", nameof(mode));
        if (distribution is not ("uniform" or "truncated_normal" or "untruncated_normal"))
            throw new ArgumentException($"Unknown distribution '{distribution}'. Known: uniform, truncated_normal, untruncated_normal.", nameof(distribution));
        Scale = scale;
        Mode = mode;
        Distribution = distribution;
    }

    /// <summary>Multiplier of the variance.</summary>
    public double Scale { get; }
    /// <summary>fan_in, fan_out or fan_avg.</summary>
    public string Mode { get; }
    /// <summary>uniform, truncated_normal or untruncated_normal.</summary>
    public string Distribution { get; }

    /// <inheritdoc/>
    public override string Name => "variance_scaling";

    /// <inheritdoc/>
    public override Tensor Create(int[] shape)
    {
        var (fanIn, fanOut) = Fans(shape);
        double n = Mode switch { "fan_in" => fanIn, "fan_out" => fanOut, _ => (fanIn + fanOut) / 2 };
        double variance = Scale / Math.Max(1, n);
        return Distribution switch
        {
            "uniform" => Tensor.RandomUniform(shape, -(float)Math.Sqrt(3 * variance), (float)Math.Sqrt(3 * variance)),
            "untruncated_normal" => Tensor.RandomNormal(shape, 0, (float)Math.Sqrt(variance)),
            _ => TruncatedNormal.Sample(shape, 0, Math.Sqrt(variance) / TruncationCorrection),
        };
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["scale"] = Scale,
        ["mode"] = Mode,
        ["distribution"] = Distribution,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static VarianceScaling FromConfig(Serialization.KerasConfig config) => new(
        scale: config.Double("scale", 1.0),
        mode: config.String("mode", "fan_in"),
        distribution: config.String("distribution", "truncated_normal"));
}
