namespace Backprop.Layers;

/// <summary>
/// Keras's RandomTranslation (keras/src/layers/preprocessing/image_preprocessing/random_translation.py): in training,
/// each image is shifted down by a fraction of its height drawn from <c>heightFactor</c> and right by a fraction of its
/// width drawn from <c>widthFactor</c> (negative: up, left), the uncovered pixels filled by the fill mode. Keras draws the
/// height fractions for the batch, then the width fractions, and reads output pixel (y, x) at (y − dy, x − dx).
/// </summary>
public sealed class RandomTranslation : AffineAugmentation
{
    /// <summary>A translation layer; each factor is a fraction f (for [−|f|, |f|]) or a pair, within [−1, 1].</summary>
    /// <exception cref="ArgumentException">A factor bound is outside [−1, 1], or a mode is unknown.</exception>
    public RandomTranslation(FactorRange heightFactor, FactorRange widthFactor, string fillMode = "reflect", string interpolation = "bilinear",
        int? seed = null, float fillValue = 0f, string? dataFormat = null, string? name = null)
        : base(fillMode, interpolation, seed, fillValue, dataFormat, name)
    {
        HeightFactor = heightFactor.Check("height_factor", InRange, "[-1.0, 1.0]");
        WidthFactor = widthFactor.Check("width_factor", InRange, "[-1.0, 1.0]");
    }

    private static bool InRange(float f) => f >= -1f && f <= 1f;

    /// <summary>The range of the vertical shift, as a fraction of the height.</summary>
    public FactorRange HeightFactor { get; }
    /// <summary>The range of the horizontal shift, as a fraction of the width.</summary>
    public FactorRange WidthFactor { get; }

    internal override float[] DrawTransforms(int count, int height, int width)
    {
        float[] down = Uniform(count, HeightFactor.Lower, HeightFactor.Upper), right = Uniform(count, WidthFactor.Lower, WidthFactor.Upper);
        var t = new float[count * 8];
        for (int i = 0; i < count; i++)
        {
            // Keras's translation matrix [[1 0 −dx] [0 1 −dy] [0 0 1]], dx and dy in pixels (float32 products).
            float dx = right[i] * width, dy = down[i] * height;
            (t[i * 8], t[i * 8 + 2], t[i * 8 + 4], t[i * 8 + 5]) = (1f, -dx, 1f, -dy);
        }
        return t;
    }

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["height_factor"] = HeightFactor.ToConfig();
        config["width_factor"] = WidthFactor.ToConfig();
        AddCommonConfig(config);
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the layer its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static RandomTranslation FromConfig(Serialization.KerasConfig config)
    {
        var c = CommonFromConfig(config);
        return new(FactorRange.FromConfig(config, "height_factor", "RandomTranslation"), FactorRange.FromConfig(config, "width_factor", "RandomTranslation"),
            c.FillMode, c.Interpolation, c.Seed, c.FillValue, c.DataFormat, c.Name);
    }
}
