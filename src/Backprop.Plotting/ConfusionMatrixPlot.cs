using ScottPlot;

namespace Backprop.Plotting;

/// <summary>A confusion matrix as a heat map with the count written in each cell (truth down, prediction across).</summary>
public static class ConfusionMatrixPlot
{
    /// <summary>Writes the plot as a PNG.</summary>
    public static void SavePng(ConfusionMatrix matrix, string path, int size = 640, string? title = null) =>
        Create(matrix, title).SavePng(path, size, size);

    /// <summary>The ScottPlot figure, for callers who want to restyle it. Each count is written in white on a dark cell
    /// and in black on a light one.</summary>
    public static Plot Create(ConfusionMatrix matrix, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int k = matrix.Classes;
        var plot = new Plot();
        var values = new double[k, k];
        for (int t = 0; t < k; t++)
            for (int p = 0; p < k; p++) values[t, p] = matrix.Counts[t, p];
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Blues();
        double min = values.Cast<double>().DefaultIfEmpty(0).Min(), max = values.Cast<double>().DefaultIfEmpty(0).Max();
        for (int t = 0; t < k; t++)
            for (int p = 0; p < k; p++)
            {
                // ScottPlot draws row 0 at the top; cell (row t, column p) is centred at (p, k − 1 − t).
                var text = plot.Add.Text(matrix.Counts[t, p].ToString(System.Globalization.CultureInfo.InvariantCulture), p, k - 1 - t);
                text.Alignment = Alignment.MiddleCenter;
                // The heat map spreads its colours over [min, max]: the text is white on a dark cell, black on a light one.
                Color cell = heatmap.Colormap.GetColor(max > min ? (values[t, p] - min) / (max - min) : 0);
                text.LabelFontColor = 0.299 * cell.R + 0.587 * cell.G + 0.114 * cell.B < 140 ? Colors.White : Colors.Black;
            }
        plot.Grid.IsVisible = false;   // grid lines would cross the cells
        double[] ticks = Enumerable.Range(0, k).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, ticks.Select(i => ((int)i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.Left.SetTicks(ticks, ticks.Select(i => (k - 1 - (int)i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.Bottom.Label.Text = "predicted";
        plot.Axes.Left.Label.Text = "true";
        plot.Title(title ?? $"accuracy {matrix.Accuracy:F4}");
        return plot;
    }
}
