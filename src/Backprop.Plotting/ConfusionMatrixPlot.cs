using ScottPlot;

namespace Backprop.Plotting;

/// <summary>A confusion matrix as a heat map with the count written in each cell (truth down, prediction across).</summary>
public static class ConfusionMatrixPlot
{
    /// <summary>Writes the plot as a PNG.</summary>
    public static void SavePng(ConfusionMatrix matrix, string path, int size = 640, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int k = matrix.Classes;
        var plot = new Plot();
        var values = new double[k, k];
        for (int t = 0; t < k; t++)
            for (int p = 0; p < k; p++) values[t, p] = matrix.Counts[t, p];
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Blues();
        int max = values.Cast<double>().Select(v => (int)v).DefaultIfEmpty(0).Max();
        for (int t = 0; t < k; t++)
            for (int p = 0; p < k; p++)
            {
                // ScottPlot draws row 0 at the top; cell (row t, column p) is centred at (p, k − 1 − t).
                var text = plot.Add.Text(matrix.Counts[t, p].ToString(System.Globalization.CultureInfo.InvariantCulture), p, k - 1 - t);
                text.Alignment = Alignment.MiddleCenter;
                text.LabelFontColor = matrix.Counts[t, p] > max / 2 ? Colors.White : Colors.Black;
            }
        double[] ticks = Enumerable.Range(0, k).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, ticks.Select(i => ((int)i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.Left.SetTicks(ticks, ticks.Select(i => (k - 1 - (int)i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.Bottom.Label.Text = "predicted";
        plot.Axes.Left.Label.Text = "true";
        plot.Title(title ?? $"accuracy {matrix.Accuracy:F4}");
        plot.SavePng(path, size, size);
    }
}
