using ScottPlot;

namespace Backprop.Plotting;

/// <summary>
/// A training history as curves against the epoch: the losses on the left axis, every other metric on the
/// right axis, training solid and validation dashed in the same colour, like the plots in the lecture. The epoch axis
/// has whole-number ticks; the legend, outside the data so that it covers no curve, names each line's set (training or
/// validation) and axis.
/// </summary>
public static class HistoryPlot
{
    /// <summary>Writes the plot as a PNG.</summary>
    /// <exception cref="ArgumentException">The history is empty.</exception>
    public static void SavePng(History history, string path, int width = 900, int height = 560, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        Plot plot = Create(history, title);
        plot.SavePng(path, width, height);
    }

    /// <summary>The ScottPlot figure, for callers who want to restyle it.</summary>
    public static Plot Create(History history, string? title = null)
    {
        IReadOnlyDictionary<string, List<float>> series = history.Values;
        double[] epochs = history.Epoch.Select(e => e + 1.0).ToArray();
        if (series.Count == 0 || series.Values.All(v => v.Count == 0)) throw new ArgumentException("The history has no values to plot (did Fit run any epoch?).", nameof(history));
        var plot = new Plot();
        Color[] palette = new ScottPlot.Palettes.Category10().Colors;
        int colour = 0;
        bool anyMetric = false;
        foreach (string name in series.Keys.Where(k => !k.StartsWith("val_", StringComparison.Ordinal)))
        {
            bool isLoss = name.EndsWith("loss", StringComparison.Ordinal);
            anyMetric |= !isLoss;
            Color c = palette[colour++ % palette.Length];
            string axis = isLoss ? "left axis" : "right axis";
            Add(plot, epochs, series[name], $"{name}: training ({axis})", c, LinePattern.Solid, isLoss);
            if (series.TryGetValue("val_" + name, out List<float>? validation))
                Add(plot, epochs, validation, $"val_{name}: validation, dashed ({axis})", c, LinePattern.Dashed, isLoss);
        }
        plot.Axes.Bottom.Label.Text = "epoch";
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Left.Label.Text = "loss";
        if (anyMetric) plot.Axes.Right.Label.Text = "metric";
        if (title is not null) plot.Title(title);
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    // Validation may run only every few epochs (validationFreq): its values belong to the last epochs seen.
    private static void Add(Plot plot, double[] epochs, List<float> values, string name, Color colour, LinePattern pattern, bool leftAxis)
    {
        var scatter = plot.Add.Scatter(epochs[^values.Count..], values.Select(v => (double)v).ToArray());
        scatter.LegendText = name;
        scatter.Color = colour;
        scatter.LinePattern = pattern;
        scatter.LineWidth = 2;
        scatter.MarkerSize = 6;
        if (!leftAxis) scatter.Axes.YAxis = plot.Axes.Right;
    }
}
