using SkiaSharp;

namespace Backprop.Plotting;

/// <summary>
/// Turns a picture of a digit (PNG or JPEG, any size, any colours) into a 28×28 MNIST-style image, the way
/// MNIST itself was made: grayscale, ink bright on a dark background (a light background is inverted), cropped to
/// the ink, scaled with area averaging so the longer side is 20 pixels (aspect kept), then placed in a 28×28 frame
/// so that its centre of mass sits at the centre. Values are 0..255 like the dataset's. The CLI's <c>predict</c> and
/// the <c>PredictServer</c> example read pictures through it.
/// </summary>
public static class MnistImage
{
    /// <summary>The side of an MNIST image, in pixels.</summary>
    public const int Side = 28;
    private const int Box = 20;

    /// <summary>The 28×28 pixels (row by row, 0..255) of the picture in the file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="FormatException">Not a PNG or JPEG image, or a blank one.</exception>
    public static float[] Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No image at '{path}'.", path);
        using SKBitmap? bitmap = SKBitmap.Decode(path);
        if (bitmap is null) throw new FormatException($"'{path}' is not a PNG or JPEG image Backprop can decode.");
        return FromBitmap(bitmap, path);
    }

    /// <summary>The 28×28 pixels of an encoded PNG or JPEG picture (an upload's bytes); <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="FormatException">Not a PNG or JPEG image, or a blank one.</exception>
    public static float[] FromEncoded(ReadOnlySpan<byte> encoded, string source)
    {
        // SkiaSharp throws on bytes it cannot name a codec for; the codec is asked first, so that the error is ours.
        using SKData data = SKData.CreateCopy(encoded);
        using SKCodec? codec = encoded.IsEmpty ? null : SKCodec.Create(data);
        using SKBitmap? bitmap = codec is null ? null : SKBitmap.Decode(codec);
        if (bitmap is null) throw new FormatException($"'{source}' is not a PNG or JPEG image Backprop can decode.");
        return FromBitmap(bitmap, source);
    }

    private static float[] FromBitmap(SKBitmap bitmap, string source)
    {
        int w = bitmap.Width, h = bitmap.Height;
        var gray = new double[h, w];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                SKColor c = bitmap.GetPixel(x, y);
                double luminance = 0.299 * c.Red + 0.587 * c.Green + 0.114 * c.Blue;
                gray[y, x] = (luminance * c.Alpha + 255.0 * (255 - c.Alpha)) / 255.0;   // transparent areas count as white paper
            }
        double border = 0;
        for (int x = 0; x < w; x++) border += gray[0, x] + gray[h - 1, x];
        for (int y = 0; y < h; y++) border += gray[y, 0] + gray[y, w - 1];
        bool lightBackground = border / (2.0 * (w + h)) > 127.5;
        double maxInk = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                if (lightBackground) gray[y, x] = 255 - gray[y, x];
                maxInk = Math.Max(maxInk, gray[y, x]);
            }
        if (maxInk < 1) throw new FormatException($"'{source}' is blank: no ink to recognise.");
        // Crop to the ink: pixels above a fifth of the darkest stroke, so faint paper texture does not widen the box.
        int top = h, bottom = -1, left = w, right = -1;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                if (gray[y, x] > 0.2 * maxInk)
                {
                    top = Math.Min(top, y); bottom = Math.Max(bottom, y);
                    left = Math.Min(left, x); right = Math.Max(right, x);
                }
        int cw = right - left + 1, ch = bottom - top + 1;
        double scale = (double)Box / Math.Max(cw, ch);
        int tw = Math.Max(1, (int)Math.Round(cw * scale)), th = Math.Max(1, (int)Math.Round(ch * scale));
        double[,] fitted = Resample(gray, left, top, cw, ch, tw, th);
        double mass = 0, my = 0, mx = 0;
        for (int y = 0; y < th; y++)
            for (int x = 0; x < tw; x++) { mass += fitted[y, x]; my += y * fitted[y, x]; mx += x * fitted[y, x]; }
        // MNIST's mass centres sit at pixel index ≈ 14 (the field's centre, 14.0, in its coordinates), not at 13.5.
        int offsetY = Math.Clamp((int)Math.Round(Side / 2.0 - my / mass), 0, Side - th);
        int offsetX = Math.Clamp((int)Math.Round(Side / 2.0 - mx / mass), 0, Side - tw);
        var image = new float[Side * Side];
        for (int y = 0; y < th; y++)
            for (int x = 0; x < tw; x++) image[(y + offsetY) * Side + x + offsetX] = (float)Math.Clamp(fitted[y, x] / maxInk * 255, 0, 255);
        return image;
    }

    /// <summary>Area-averaging resize of a window of <paramref name="source"/>: each target pixel is the mean of the source area it covers.</summary>
    private static double[,] Resample(double[,] source, int left, int top, int width, int height, int targetWidth, int targetHeight)
    {
        double[,] Weights(int from, int to)
        {
            var weights = new double[to, from];
            double ratio = (double)from / to;
            for (int t = 0; t < to; t++)
            {
                double start = t * ratio, end = (t + 1) * ratio;
                for (int s = (int)Math.Floor(start); s < Math.Min(from, (int)Math.Ceiling(end)); s++)
                    weights[t, s] = (Math.Min(end, s + 1) - Math.Max(start, s)) / ratio;
            }
            return weights;
        }
        double[,] wx = Weights(width, targetWidth), wy = Weights(height, targetHeight);
        var rows = new double[height, targetWidth];
        for (int y = 0; y < height; y++)
            for (int t = 0; t < targetWidth; t++)
                for (int x = 0; x < width; x++)
                    if (wx[t, x] != 0) rows[y, t] += wx[t, x] * source[top + y, left + x];
        var result = new double[targetHeight, targetWidth];
        for (int t = 0; t < targetHeight; t++)
            for (int y = 0; y < height; y++)
                if (wy[t, y] != 0)
                    for (int x = 0; x < targetWidth; x++) result[t, x] += wy[t, y] * rows[y, x];
        return result;
    }
}
