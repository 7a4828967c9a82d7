namespace Backprop.Layers;

/// <summary>
/// Keras's RandomZoom (keras/src/layers/preprocessing/image_preprocessing/random_zoom.py): in training, each image is
/// scaled about its centre by a zoom z drawn from [1 + lower, 1 + upper] of the factor, output pixel (y, x) reading
/// (z_y·y + (h − 1)/2·(1 − z_y), z_x·x + (w − 1)/2·(1 − z_x)): a positive factor zooms out, a negative one in. Without
/// a width factor, Keras uses the height's draw for both axes (the aspect ratio is kept).
/// </summary>
public sealed class RandomZoom : AffineAugmentation
{
    /// <summary>A zoom layer; each factor is a number f (for [−|f|, |f|]) or a pair, within (−1, 1].</summary>
    /// <exception cref="ArgumentException">A factor bound is outside (−1, 1], or a mode is unknown.</exception>
    public RandomZoom(FactorRange heightFactor, FactorRange? widthFactor = null, string fillMode = "reflect", string interpolation = "bilinear",
        int? seed = null, float fillValue = 0f, string? dataFormat = null, string? name = null)
        : base(fillMode, interpolation, seed, fillValue, dataFormat, name)
    {
        HeightFactor = heightFactor.Check("height_factor", InRange, "(-1.0, 1.0]");
        WidthFactor = widthFactor?.Check("width_factor", InRange, "(-1.0, 1.0]");
    }

    private static bool InRange(float f) => f > -1f && f <= 1f;

    /// <summary>The range of the vertical zoom, added to 1.</summary>
    public FactorRange HeightFactor { get; }
    /// <summary>The range of the horizontal zoom, added to 1; null: the vertical draw is used for both axes.</summary>
    public FactorRange? WidthFactor { get; }

    internal override float[] DrawTransforms(int count, int height, int width)
    {
        float[] zy = Uniform(count, 1f + HeightFactor.Lower, 1f + HeightFactor.Upper);
        float[] zx = WidthFactor is { } f ? Uniform(count, 1f + f.Lower, 1f + f.Upper) : zy;
        var t = new float[count * 8];
        for (int i = 0; i < count; i++)
        {
            // Keras's zoom matrix [[zx 0 x_offset] [0 zy y_offset] [0 0 1]], offsets in float32 as Keras computes them.
            float xOffset = (width - 1f) / 2f * (1f - zx[i]), yOffset = (height - 1f) / 2f * (1f - zy[i]);
            (t[i * 8], t[i * 8 + 2], t[i * 8 + 4], t[i * 8 + 5]) = (zx[i], xOffset, zy[i], yOffset);
        }
        return t;
    }

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["height_factor"] = HeightFactor.ToConfig();
        config["width_factor"] = WidthFactor?.ToConfig();
        AddCommonConfig(config);
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the layer its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static RandomZoom FromConfig(Serialization.KerasConfig config)
    {
        var c = CommonFromConfig(config);
        FactorRange? width = config.Has("width_factor") ? FactorRange.FromConfig(config, "width_factor", "RandomZoom") : null;
        return new(FactorRange.FromConfig(config, "height_factor", "RandomZoom"), width, c.FillMode, c.Interpolation, c.Seed, c.FillValue, c.DataFormat, c.Name);
    }
}
