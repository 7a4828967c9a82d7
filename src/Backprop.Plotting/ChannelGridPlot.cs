using SkiaSharp;

namespace Backprop.Plotting;

/// <summary>
/// The channels of one channels-last tensor [height, width, channels] side by side in a grid, each scaled on its own
/// from its minimum (black) to its maximum (white): a convolution's learned kernels (<see cref="SaveFilters"/>) or the
/// feature maps a layer makes of one image (<see cref="SaveFeatureMaps"/>).
/// </summary>
public static class ChannelGridPlot
{
    /// <summary>A Conv2D layer's kernels on its first input channel, one tile per filter (kernel [kh, kw, in, filters]).</summary>
    /// <exception cref="ArgumentException">The layer is not built.</exception>
    public static void SaveFilters(Layers.Conv2D layer, string path, int columns = 8, int scale = 16)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (!layer.Built) throw new ArgumentException($"Conv2D '{layer.Name}' is not built: it has no kernels to draw yet.", nameof(layer));
        int kh = layer.Kernel.Dim(0), kw = layer.Kernel.Dim(1), inputs = layer.Kernel.Dim(2), filters = layer.Kernel.Dim(3);
        float[] kernel = layer.Kernel.ToArray(), first = new float[kh * kw * filters];
        for (int t = 0; t < kh * kw; t++)
            for (int f = 0; f < filters; f++) first[t * filters + f] = kernel[(t * inputs) * filters + f];
        SavePng(Tensor.FromArray(first, kh, kw, filters), path, columns, scale);
    }

    /// <summary>The feature maps of one sample, [height, width, channels] (or [1, height, width, channels]).</summary>
    public static void SaveFeatureMaps(Tensor maps, string path, int columns = 8, int scale = 4) => SavePng(maps, path, columns, scale);

    private static void SavePng(Tensor maps, string path, int columns, int scale)
    {
        ArgumentNullException.ThrowIfNull(maps);
        if (maps.Rank == 4 && maps.Dim(0) == 1) maps = maps.Reshape(maps.Dim(1), maps.Dim(2), maps.Dim(3));
        if (maps.Rank != 3) throw new ArgumentException($"Expected one sample's maps [height, width, channels], got shape [{string.Join(", ", maps.Shape)}].", nameof(maps));
        int h = maps.Dim(0), w = maps.Dim(1), channels = maps.Dim(2), pad = 4;
        float[] v = maps.ToArray();
        int rows = (channels + columns - 1) / columns;
        using var bitmap = new SKBitmap(columns * (w * scale + pad) + pad, rows * (h * scale + pad) + pad);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var paint = new SKPaint();
        for (int c = 0; c < channels; c++)
        {
            float min = float.PositiveInfinity, max = float.NegativeInfinity;
            for (int p = 0; p < h * w; p++) (min, max) = (Math.Min(min, v[p * channels + c]), Math.Max(max, v[p * channels + c]));
            float range = max > min ? max - min : 1f;
            int x0 = pad + c % columns * (w * scale + pad), y0 = pad + c / columns * (h * scale + pad);
            for (int r = 0; r < h; r++)
                for (int q = 0; q < w; q++)
                {
                    byte g = (byte)Math.Clamp((v[(r * w + q) * channels + c] - min) / range * 255f, 0, 255);
                    paint.Color = new SKColor(g, g, g);
                    canvas.DrawRect(x0 + q * scale, y0 + r * scale, scale, scale, paint);
                }
        }
        using SKImage image = SKImage.FromBitmap(bitmap);
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
        using FileStream file = File.Create(path);
        png.SaveTo(file);
    }
}
