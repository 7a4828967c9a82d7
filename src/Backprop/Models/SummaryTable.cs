using System.Globalization;
using System.Text;
using Backprop.Layers;

namespace Backprop;

/// <summary>
/// Renders Keras 3's model summary (keras/src/utils/summary_utils.py, <c>print_summary</c>) as rich draws it on an
/// 80-column console: a boxed table, then total, trainable and non-trainable counts with sizes. A Sequential model,
/// and a functional one that is a plain chain, get three columns (line length 76, positions 0.45 / 0.80 / 1.0); any
/// other functional model gets Keras's four, with "Connected to" listing each call's inputs as
/// <c>layer[node][tensor]</c> (positions 0.3 / 0.56 / 0.74 / 1.0). Cells wrap at spaces as rich wraps them, and a
/// word too long for its column is cut with an ellipsis.
/// </summary>
internal static class SummaryTable
{
    // The content widths rich gives those positions within 76 columns (measured from its output, see Models/Fixtures).
    private static readonly int[] ChainWidths = [31, 22, 13];
    private static readonly int[] GraphWidths = [19, 17, 10, 17];

    public static string Render(Model model)
    {
        FunctionalGraph? graph = model is Sequential ? null : model.Graph;
        bool chain = graph is null || IsChain(graph);
        int[] widths = chain ? ChainWidths : GraphWidths;
        bool[] rightAligned = chain ? [false, false, true] : [false, false, true, false];
        string[] header = chain ? ["Layer (type)", "Output Shape", "Param #"] : ["Layer (type)", "Output Shape", "Param #", "Connected to"];

        var sb = new StringBuilder();
        sb.Append($"Model: \"{model.Name}\"\n");
        sb.Append(Border(widths, '┏', '━', '┳', '┓'));
        sb.Append(Row(widths, rightAligned, '┃', header));
        sb.Append(Border(widths, '┡', '━', '╇', '┩'));
        IReadOnlyList<Layer> layers = graph?.Layers ?? model.Layers;
        List<string> shapes = graph is null && model is Sequential sequential
            ? sequential.OutputShapes().Select(s => s is null ? "?" : Layer.FormatWithBatch(s)).ToList()
            : layers.Select(OutputShape).ToList();
        for (int i = 0; i < layers.Count; i++)
        {
            Layer layer = layers[i];
            string parameters = layer.Built ? layer.CountParams().ToString("N0", CultureInfo.InvariantCulture) : "0 (unbuilt)";
            string[] cells = chain ? [$"{layer.Name} ({Serialization.KerasObjects.ClassName(layer.GetType())})", shapes[i], parameters]
                : [$"{layer.Name} ({Serialization.KerasObjects.ClassName(layer.GetType())})", shapes[i], parameters, Connections(layer, graph!)];
            sb.Append(Row(widths, rightAligned, '│', cells));
            sb.Append(i < layers.Count - 1 ? Border(widths, '├', '─', '┼', '┤') : Border(widths, '└', '─', '┴', '┘'));
        }
        if (layers.Count == 0) sb.Append(Border(widths, '└', '─', '┴', '┘'));
        long trainable = model.TrainableWeights.Sum(w => (long)w.Size);
        long nonTrainable = model.NonTrainableWeights.Sum(w => (long)w.Size);
        sb.Append(Totals("Total", trainable + nonTrainable));
        sb.Append(Totals("Trainable", trainable));
        sb.Append(Totals("Non-trainable", nonTrainable));
        return sb.ToString();
    }

    // Keras's sequential_like: no depth holds two calls, no call takes two tensors, and no layer is called twice.
    private static bool IsChain(FunctionalGraph graph)
    {
        if (graph.NodeDepths.GroupBy(p => p.Value).Any(g => g.Count() > 1 || g.First().Key.Inputs.Length > 1)) return false;
        return graph.NodeDepths.Keys.GroupBy(n => n.Layer).All(g => g.Count() == 1);
    }

    // format_layer_shape: the outputs of the layer's last call, one shape or a list of them.
    private static string OutputShape(Layer layer)
    {
        Node? last;
        lock (layer.InboundNodes) last = layer.InboundNodes.LastOrDefault();
        // No graph call (a subclassed model's layers): Keras computes the shape from the one the layer was built with.
        if (last is null) return layer is not Merge && layer.Built && layer.InputShape is { } built ? Layer.FormatWithBatch(layer.ComputeOutputShape(built)) : "?";
        if (last.Outputs.Length == 1) return Layer.FormatWithBatch(last.Outputs[0].ShapeArray);
        return "[" + string.Join(", ", last.Outputs.Select(o => Layer.FormatWithBatch(o.ShapeArray))) + "]";
    }

    private static string Connections(Layer layer, FunctionalGraph graph)
    {
        var parts = new List<string>();
        List<Node> nodes;
        lock (layer.InboundNodes) nodes = [.. layer.InboundNodes];
        foreach (Node node in nodes.Where(graph.Nodes.Contains))
            foreach (SymbolicTensor input in node.Inputs) parts.Add($"{input.Layer.Name}[{input.Producer.Index}][{input.OutputIndex}]");
        return parts.Count == 0 ? "-" : string.Join(", ", parts);
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

    private static string Border(int[] widths, char left, char fill, char join, char right) =>
        left + string.Join(join, widths.Select(w => new string(fill, w + 2))) + right + "\n";

    private static string Row(int[] widths, bool[] rightAligned, char edge, string[] cells)
    {
        List<string>[] lines = [.. cells.Select((c, i) => Wrap(c, widths[i]))];
        int height = lines.Max(l => l.Count);
        var sb = new StringBuilder();
        for (int line = 0; line < height; line++)
        {
            sb.Append(edge);
            for (int c = 0; c < cells.Length; c++)
            {
                string text = line < lines[c].Count ? lines[c][line] : "";
                sb.Append(' ').Append(rightAligned[c] ? text.PadLeft(widths[c]) : text.PadRight(widths[c])).Append(' ').Append(edge);
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    // rich's wrap: words joined greedily while they fit; a word longer than the column is cut with an ellipsis.
    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        string? line = null;
        foreach (string word in text.Split(' '))
        {
            if (line is not null && line.Length + 1 + word.Length <= width) { line += " " + word; continue; }
            if (line is not null) lines.Add(line);
            line = word.Length <= width ? word : word[..(width - 1)] + "…";
        }
        lines.Add(line ?? "");
        return lines;
    }
}
