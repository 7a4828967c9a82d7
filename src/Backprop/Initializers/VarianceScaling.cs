namespace Backprop.Initializers;

/// <summary>
/// Keras's VarianceScaling, the family behind glorot and he: variance = scale / n where n is fan_in,
/// fan_out or their mean; "uniform" draws from ±√(3·variance), "truncated_normal" from a normal cut at
/// two standard deviations with stddev √variance / 0.87962566103423978 (the cut's variance correction).
/// </summary>
public abstract class VarianceScaling(double scale, string mode, bool uniform) : Initializer
{
    private const double TruncationCorrection = 0.87962566103423978;

    /// <inheritdoc/>
    public override Tensor Create(int[] shape)
    {
        var (fanIn, fanOut) = Fans(shape);
        double n = mode switch { "fan_in" => fanIn, "fan_out" => fanOut, _ => (fanIn + fanOut) / 2 };
        double variance = scale / Math.Max(1, n);
        if (uniform)
        {
            float limit = (float)Math.Sqrt(3 * variance);
            return Tensor.RandomUniform(shape, -limit, limit);
        }
        double stddev = Math.Sqrt(variance) / TruncationCorrection;
        var t = Tensor.Zeros(shape);
        Span<float> values = t.Span;
        for (int i = 0; i < values.Length; i++)
        {
            double v;
            do v = RandomSource.NextStandardNormal(); while (Math.Abs(v) > 2);
            values[i] = (float)(v * stddev);
        }
        return t;
    }
}

/// <summary>Uniform in ±√(6 / (fan_in + fan_out)); Dense's default kernel initializer.</summary>
public sealed class GlorotUniform() : VarianceScaling(1, "fan_avg", true)
{
    /// <inheritdoc/>
    public override string Name => "glorot_uniform";
}

/// <summary>Truncated normal with stddev √(2 / (fan_in + fan_out)).</summary>
public sealed class GlorotNormal() : VarianceScaling(1, "fan_avg", false)
{
    /// <inheritdoc/>
    public override string Name => "glorot_normal";
}

/// <summary>Uniform in ±√(6 / fan_in).</summary>
public sealed class HeUniform() : VarianceScaling(2, "fan_in", true)
{
    /// <inheritdoc/>
    public override string Name => "he_uniform";
}

/// <summary>Truncated normal with stddev √(2 / fan_in).</summary>
public sealed class HeNormal() : VarianceScaling(2, "fan_in", false)
{
    /// <inheritdoc/>
    public override string Name => "he_normal";
}
