namespace Backprop.Layers;

/// <summary>
/// The range an augmentation factor is drawn from, written as Keras writes it: one number f means (−|f|, |f|), a pair
/// (lower, upper) is taken as given, sorted. Each layer checks the bounds it allows.
/// </summary>
public readonly record struct FactorRange(float Lower, float Upper)
{
    /// <summary>(−|f|, |f|).</summary>
    public static implicit operator FactorRange(float factor) => new(-Math.Abs(factor), Math.Abs(factor));
    /// <summary>(−|f|, |f|), for Keras code that writes 0.1 rather than 0.1f.</summary>
    public static implicit operator FactorRange(double factor) => (float)factor;
    /// <summary>The pair, sorted.</summary>
    public static implicit operator FactorRange((float A, float B) pair) => pair.A <= pair.B ? new(pair.A, pair.B) : new(pair.B, pair.A);
    /// <summary>The pair, sorted, for Keras code that writes (-0.2, 0.3).</summary>
    public static implicit operator FactorRange((double A, double B) pair) => ((float)pair.A, (float)pair.B);

    /// <summary>Throws unless both bounds satisfy <paramref name="inRange"/>.</summary>
    internal FactorRange Check(string argument, Func<float, bool> inRange, string range)
    {
        foreach (float f in new[] { Lower, Upper })
            if (!inRange(f)) throw new ArgumentException($"The {argument} argument should be a number (or a list of two numbers) in the range {range}, got {f}.", argument);
        return this;
    }

    /// <summary>A factor read from a config: a number or a pair.</summary>
    internal static FactorRange FromConfig(Serialization.KerasConfig config, string key, string layer) =>
        !config.IsList(key) ? config.Float(key)
        : config.Floats(key) is [float a, float b] ? (a, b)
        : throw new InvalidDataException($"{layer}: {key} must be a number or a pair, got {config.Floats(key).Length} numbers.");

    /// <summary>As a config writes it: the pair.</summary>
    internal float[] ToConfig() => [Lower, Upper];
}
