using SkiaSharp;

namespace Backprop.Plotting;

/// <summary>
/// Grayscale images in a grid, each captioned with its predicted label and, when given, the true one
/// (red when they differ), like the lecture's figures of MNIST digits. Drawn directly with SkiaSharp,
/// which ScottPlot already brings.
/// </summary>
public static class ImageGridPlot
{
    /// <summary>Writes the grid as a PNG. <paramref name="images"/> is [N, height, width] or [N, height·width] of square images,
    /// with values in 0..1 or 0..255 (detected from the maximum).</summary>
    /// <exception cref="ArgumentException">The counts of images and labels differ, or flat images are not square.</exception>
    public static void SavePng(Tensor images, IReadOnlyList<int> predicted, IReadOnlyList<int>? truth, string path, int columns = 8, int scale = 3)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(predicted);
        int n = images.Dim(0);
        if (predicted.Count != n || (truth is not null && truth.Count != n))
            throw new ArgumentException($"Got {n} images, {predicted.Count} predictions and {truth?.Count ?? n} true labels.");
        (int h, int w) = images.Rank == 3 ? (images.Dim(1), images.Dim(2)) : Square(images.Size / Math.Max(n, 1));
        float[] pixels = images.ToArray();
        float top = pixels.Length == 0 ? 1 : pixels.Max() > 1.5f ? 255f : 1f;
        int cellW = w * scale, cellH = h * scale, caption = 18, pad = 4;
        int rows = (n + columns - 1) / columns;
        using var bitmap = new SKBitmap(Math.Max(1, columns * (cellW + pad) + pad), Math.Max(1, rows * (cellH + caption + pad) + pad));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var font = new SKFont { Size = 13 };
        using var paint = new SKPaint { IsAntialias = true };
        for (int i = 0; i < n; i++)
        {
            int x0 = pad + i % columns * (cellW + pad), y0 = pad + i / columns * (cellH + caption + pad);
            for (int r = 0; r < h; r++)
                for (int c = 0; c < w; c++)
                {
                    byte v = (byte)Math.Clamp(pixels[i * h * w + r * w + c] / top * 255f, 0, 255);
                    // MNIST convention: ink is bright on black.
                    paint.Color = new SKColor(v, v, v);
                    canvas.DrawRect(x0 + c * scale, y0 + r * scale, scale, scale, paint);
                }
            bool wrong = truth is not null && truth[i] != predicted[i];
            paint.Color = wrong ? SKColors.Red : SKColors.Black;
            string label = truth is null ? $"pred {predicted[i]}" : $"pred {predicted[i]} / true {truth[i]}";
            // A caption fits its cell: the font shrinks for a narrow image rather than running into the next one.
            font.Size = 13;
            float measured = font.MeasureText(label);
            if (measured > cellW - 2) font.Size = Math.Max(6f, 13f * (cellW - 2) / measured);   // 2 px for the antialiased edge
            canvas.DrawText(label, x0, y0 + cellH + caption - 5, font, paint);
        }
        using SKImage image = SKImage.FromBitmap(bitmap);
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
        using FileStream file = File.Create(path);
        png.SaveTo(file);
    }

    private static (int, int) Square(int size)
    {
        int side = (int)Math.Round(Math.Sqrt(size));
        if (side * side != size) throw new ArgumentException($"Flat images of {size} values are not square; pass them as [N, height, width].");
        return (side, side);
    }
}
