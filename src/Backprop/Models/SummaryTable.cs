using System.Globalization;
using System.Text;
using Backprop.Layers;

namespace Backprop;

/// <summary>
/// Renders Keras 3's model summary as rich draws it on an 80-column console (line length 76,
/// column positions 0.45 / 0.80 / 1.0): boxed table, then total, trainable and non-trainable counts with sizes.
/// </summary>
internal static class SummaryTable
{
    private static readonly int[] ContentWidths = [31, 22, 13];

    public static string Render(Model model)
    {
        var sb = new StringBuilder();
        sb.Append($"Model: \"{model.Name}\"\n");
        sb.Append(Border('┏', '━', '┳', '┓'));
        sb.Append(Row('┃', "Layer (type)", "Output Shape", "Param #"));
        sb.Append(Border('┡', '━', '╇', '┩'));
        IReadOnlyList<Layer> layers = model.Layers;
        List<int[]?> shapes = model is Sequential sequential ? sequential.OutputShapes().ToList() : layers.Select(_ => (int[]?)null).ToList();
        for (int i = 0; i < layers.Count; i++)
        {
            Layer layer = layers[i];
            string shape = shapes[i] is { } s ? Layer.FormatWithBatch(s) : "?";
            string parameters = layer.Built ? layer.CountParams().ToString("N0", CultureInfo.InvariantCulture) : "0 (unbuilt)";
            sb.Append(Row('│', $"{layer.Name} ({layer.GetType().Name})", shape, parameters));
            sb.Append(i < layers.Count - 1 ? Border('├', '─', '┼', '┤') : Border('└', '─', '┴', '┘'));
        }
        if (layers.Count == 0) sb.Append(Border('└', '─', '┴', '┘'));
        long trainable = model.TrainableWeights.Sum(w => (long)w.Size);
        long nonTrainable = model.NonTrainableWeights.Sum(w => (long)w.Size);
        sb.Append(Totals("Total", trainable + nonTrainable));
        sb.Append(Totals("Trainable", trainable));
        sb.Append(Totals("Non-trainable", nonTrainable));
        return sb.ToString();
    }

    private static string Totals(string label, long count) =>
        $" {label} params: {count.ToString("N0", CultureInfo.InvariantCulture)} ({ReadableSize(count * sizeof(float))})\n";

    /// <summary>Keras's readable_memory_size: divide by 1024 until under 1024, two decimals.</summary>
    internal static string ReadableSize(double bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB", "PB"];
        foreach (string unit in units)
        {
            if (bytes / 1024 < 1) return bytes.ToString("F2", CultureInfo.InvariantCulture) + " " + unit;
            bytes /= 1024;
        }
        return bytes.ToString("F2", CultureInfo.InvariantCulture) + " PB";
    }

    private static string Border(char left, char fill, char join, char right) =>
        left + string.Join(join, ContentWidths.Select(w => new string(fill, w + 2))) + right + "\n";

    private static string Row(char edge, string name, string shape, string parameters) =>
        $"{edge} {Fit(name, 0).PadRight(ContentWidths[0])} {edge} {Fit(shape, 1).PadRight(ContentWidths[1])} {edge} {Fit(parameters, 2).PadLeft(ContentWidths[2])} {edge}\n";

    // rich wraps an over-long cell onto more lines; a single line cut with an ellipsis keeps the table one row per layer.
    private static string Fit(string text, int column) =>
        text.Length <= ContentWidths[column] ? text : text[..(ContentWidths[column] - 1)] + "…";
}
