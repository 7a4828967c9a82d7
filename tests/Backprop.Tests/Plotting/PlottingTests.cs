using Backprop.Plotting;
using SkiaSharp;

namespace Backprop.Tests.Plotting;

public sealed class PlottingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bp-plot-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ConfusionMatrixCountsTruthByPrediction()
    {
        var matrix = new ConfusionMatrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], classes: 3);
        Assert.Equal(new int[,] { { 1, 1, 0 }, { 0, 1, 0 }, { 1, 0, 2 } }, matrix.Counts);
        Assert.Equal(4.0 / 6, matrix.Accuracy, 12);
    }

    [Fact]
    public void ConfusionMatrixFromProbabilitiesUsesTheArgMax()
    {
        var probabilities = Tensor.FromArray(new float[,] { { 0.1f, 0.9f }, { 0.8f, 0.2f }, { 0.3f, 0.7f } });
        var matrix = ConfusionMatrix.FromPredictions(probabilities, Tensor.FromArray([1f, 1f, 0f], 3));
        Assert.Equal(new int[,] { { 0, 1 }, { 1, 1 } }, matrix.Counts);
    }

    [Fact]
    public void ALabelOutOfRangeIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new ConfusionMatrix([0, 3], [0, 1], classes: 3));
        Assert.Contains("0..2", error.Message);
    }

    private static SKBitmap Decode(string path) => SKBitmap.Decode(path) ?? throw new InvalidDataException($"{path} is not an image");

    [Fact]
    public void HistoryPlotIsAPngOfTheRequestedSizeWithCurvesOnIt()
    {
        var history = new History();
        float[] losses = [1.2f, 0.8f, 0.5f, 0.4f];
        for (int e = 0; e < losses.Length; e++)
            history.OnEpochEnd(e, new Dictionary<string, float> { ["loss"] = losses[e], ["accuracy"] = 0.5f + 0.1f * e, ["val_loss"] = losses[e] + 0.1f, ["val_accuracy"] = 0.45f + 0.1f * e });
        string path = Path.Combine(_folder, "history.png");
        HistoryPlot.SavePng(history, path, 640, 400);
        using SKBitmap bitmap = Decode(path);
        Assert.Equal(640, bitmap.Width);
        Assert.Equal(400, bitmap.Height);
        Assert.True(bitmap.Pixels.Distinct().Count() > 3, "the plot is blank");
    }

    [Fact]
    public void HistoryPlotTicksWholeEpochsAndItsLegendNamesSetAndAxisOutsideTheCurves()
    {
        var history = new History();
        for (int e = 0; e < 6; e++)
            history.OnEpochEnd(e, new Dictionary<string, float> { ["loss"] = 1f / (e + 1), ["accuracy"] = 0.5f + 0.05f * e, ["val_loss"] = 1.1f / (e + 1), ["val_accuracy"] = 0.45f + 0.05f * e });
        ScottPlot.Plot plot = HistoryPlot.Create(history);
        plot.GetImage(900, 560).Dispose();   // lays the axes out, which generates the ticks
        double[] epochTicks = [.. plot.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Position)];
        Assert.NotEmpty(epochTicks);
        Assert.All(epochTicks, t => Assert.Equal(Math.Round(t), t));   // 1, 2, 3 — never 1.5
        string[] legend = [.. plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Select(s => s.LegendText)];
        Assert.Equal(["loss: training (left axis)", "val_loss: validation, dashed (left axis)", "accuracy: training (right axis)", "val_accuracy: validation, dashed (right axis)"], legend);
        Assert.False(plot.Legend.IsVisible);   // the legend inside the data area is off: it stands in a panel below the axes
    }

    [Fact]
    public void ConfusionMatrixCountsContrastWithTheirCells()
    {
        var matrix = new ConfusionMatrix([0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2], [0, 0, 0, 0, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 0], 3);
        ScottPlot.Plot plot = ConfusionMatrixPlot.Create(matrix);
        var heatmap = plot.GetPlottables().OfType<ScottPlot.Plottables.Heatmap>().Single();
        ScottPlot.Plottables.Text[] texts = [.. plot.GetPlottables().OfType<ScottPlot.Plottables.Text>()];
        Assert.Equal(9, texts.Length);
        double Luminance(ScottPlot.Color c)
        {
            double Linear(byte v) => v / 255.0 <= 0.03928 ? v / 255.0 / 12.92 : Math.Pow((v / 255.0 + 0.055) / 1.055, 2.4);
            return 0.2126 * Linear(c.R) + 0.7152 * Linear(c.G) + 0.0722 * Linear(c.B);
        }
        double min = 0, max = 7;   // the counts run from 0 to 7 (class 2 right 7 times)
        foreach (var text in texts)
        {
            double count = double.Parse(text.LabelText, System.Globalization.CultureInfo.InvariantCulture);
            ScottPlot.Color cell = heatmap.Colormap.GetColor((count - min) / (max - min));
            double a = Luminance(cell), b = Luminance(text.LabelFontColor);
            double contrast = (Math.Max(a, b) + 0.05) / (Math.Min(a, b) + 0.05);
            Assert.True(contrast >= 4.5, $"count {count}: contrast {contrast:F1} with its cell (WCAG asks 4.5 for text)");
        }
    }

    [Fact]
    public void ImageGridCaptionsStayInsideTheirCells()
    {
        // 28 × 28 digits at scale 3 are 84 px wide; "pred 3 / true 2" at 13 px is wider, so it must shrink to fit.
        string path = Path.Combine(_folder, "captions.png");
        ImageGridPlot.SavePng(Tensor.Zeros(2, 28, 28), [3, 8], [2, 8], path, columns: 2, scale: 3);
        using SKBitmap bitmap = Decode(path);
        const int pad = 4, cell = 84;
        // The gap between the two cells, over the caption band, holds no ink.
        for (int y = pad + cell; y < bitmap.Height; y++)
            for (int x = pad + cell; x < pad + cell + pad; x++)
                Assert.Equal(SKColors.White, bitmap.GetPixel(x, y));
    }

    [Fact]
    public void AnEmptyHistoryCannotBePlotted() =>
        Assert.Throws<ArgumentException>(() => HistoryPlot.SavePng(new History(), Path.Combine(_folder, "empty.png")));

    [Fact]
    public void ImageGridDrawsEachPixelAtItsPlace()
    {
        var pixels = new float[2 * 4 * 4];
        pixels[0] = 255;            // image 0, row 0, column 0: white
        pixels[16 + 5] = 128;       // image 1, row 1, column 1: grey
        string path = Path.Combine(_folder, "grid.png");
        ImageGridPlot.SavePng(Tensor.FromArray(pixels, 2, 4, 4), [3, 1], [3, 2], path, columns: 2, scale: 2);
        using SKBitmap bitmap = Decode(path);
        const int pad = 4, cell = 8;
        Assert.Equal(new SKColor(255, 255, 255), bitmap.GetPixel(pad + 1, pad + 1));
        Assert.Equal(new SKColor(0, 0, 0), bitmap.GetPixel(pad + 3, pad + 3));
        int x1 = pad + cell + pad;
        Assert.Equal(new SKColor(128, 128, 128), bitmap.GetPixel(x1 + 2, pad + 2));
        Assert.Equal(2 * (cell + pad) + pad, bitmap.Width);
    }

    [Fact]
    public void ConfusionMatrixPlotIsASquarePng()
    {
        string path = Path.Combine(_folder, "confusion.png");
        ConfusionMatrixPlot.SavePng(new ConfusionMatrix([0, 1, 1], [0, 1, 0], 2), path, size: 300);
        using SKBitmap bitmap = Decode(path);
        Assert.Equal((300, 300), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public void ChannelGridScalesEachChannelFromItsMinimumToItsMaximum()
    {
        // Two channels of a 2×2 map: channel 0 is 0, 1, 2, 3 and channel 1 is −5, 5, 5, 5.
        var maps = Tensor.FromArray([0f, -5, 1, 5, 2, 5, 3, 5], 2, 2, 2);
        string path = Path.Combine(_folder, "maps.png");
        ChannelGridPlot.SaveFeatureMaps(maps, path, columns: 2, scale: 4);
        using SKBitmap bitmap = SKBitmap.Decode(path);
        Assert.Equal(2 * (2 * 4 + 4) + 4, bitmap.Width);
        SKColor At(int tile, int r, int q) => bitmap.GetPixel(4 + tile * 12 + q * 4 + 1, 4 + r * 4 + 1);
        Assert.Equal(0, At(0, 0, 0).Red);           // channel 0's minimum is black
        Assert.Equal(255, At(0, 1, 1).Red);         // and its maximum white
        Assert.Equal(85, At(0, 0, 1).Red);          // 1 of 0..3
        Assert.Equal(0, At(1, 0, 0).Red);           // channel 1 on its own scale
        Assert.Equal(255, At(1, 1, 0).Red);
        Assert.Throws<ArgumentException>(() => ChannelGridPlot.SaveFilters(new Backprop.Layers.Conv2D(4, 3), Path.Combine(_folder, "f.png")));
    }
}
