namespace Backprop.Layers;

/// <summary>
/// Keras's RandomRotation (keras/src/layers/preprocessing/image_preprocessing/random_rotation.py): in training, each
/// image is rotated about its centre ((w − 1)/2, (h − 1)/2) by an angle drawn from [lower·360°, upper·360°] of the
/// factor (a fraction of a full turn). Keras's affine matrix with no shear, scale 1 and no translation: a0 = cos θ,
/// a1 = −sin θ, b0 = sin θ, b1 = cos θ, a2 = cx − cx·a0 − cy·a1, b2 = cy − cx·b0 − cy·b1.
/// </summary>
public sealed class RandomRotation : AffineAugmentation
{
    /// <summary>A rotation layer; the factor is a fraction f of a turn (for [−|f|, |f|]) or a pair, within [−1, 1].</summary>
    /// <exception cref="ArgumentException">The factor is outside [−1, 1], or a mode is unknown.</exception>
    public RandomRotation(FactorRange factor, string fillMode = "reflect", string interpolation = "bilinear", int? seed = null,
        float fillValue = 0f, string? dataFormat = null, string? name = null)
        : base(fillMode, interpolation, seed, fillValue, dataFormat, name)
    {
        // Keras refuses a pair only when it lies wholly outside [−1, 1]; a bound beyond a full turn is refused here too.
        Factor = factor.Check("factor", f => f >= -1f && f <= 1f, "[-1, 1]");
    }

    /// <summary>The range of the angle, as a fraction of a full turn.</summary>
    public FactorRange Factor { get; }

    internal override float[] DrawTransforms(int count, int height, int width)
    {
        float[] degrees = Uniform(count, Factor.Lower * 360f, Factor.Upper * 360f);
        float cx = 0.5f * (width - 1f), cy = 0.5f * (height - 1f), toRadians = (float)(Math.PI / 180.0);
        var t = new float[count * 8];
        for (int i = 0; i < count; i++)
        {
            float angle = degrees[i] * toRadians, cos = MathF.Cos(angle), sin = MathF.Sin(angle);
            float a0 = cos, a1 = -sin, b0 = sin, b1 = cos;
            (t[i * 8], t[i * 8 + 1], t[i * 8 + 2]) = (a0, a1, cx - cx * a0 - cy * a1);
            (t[i * 8 + 3], t[i * 8 + 4], t[i * 8 + 5]) = (b0, b1, cy - cx * b0 - cy * b1);
        }
        return t;
    }

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["factor"] = Factor.ToConfig();
        config["data_format"] = DataFormat;
        config["fill_mode"] = FillMode;
        config["fill_value"] = FillValue;
        config["interpolation"] = Interpolation;
        config["seed"] = Seed;
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the layer its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static RandomRotation FromConfig(Serialization.KerasConfig config)
    {
        var c = CommonFromConfig(config);
        return new(FactorRange.FromConfig(config, "factor", "RandomRotation"), c.FillMode, c.Interpolation, c.Seed, c.FillValue, c.DataFormat, c.Name);
    }
}
