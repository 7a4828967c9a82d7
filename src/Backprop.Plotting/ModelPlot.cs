using Backprop.Layers;
using ScottPlot;

namespace Backprop.Plotting;

/// <summary>
/// A picture of a model's graph, like Keras's <c>keras.utils.plot_model</c> with <c>rankdir="TB"</c>: each layer a
/// box ("name (Class)", and its output shape with <c>showShapes</c>), an arrow for each call from the layer that
/// makes a tensor to the layer that takes it, the inputs at the top and each layer on the row of its depth. The layout
/// is a simple layered one (Keras uses Graphviz): an arrow that skips a row may pass behind a box.
/// <code>ModelPlot.SavePng(model, "model.png", showShapes: true);</code>
/// </summary>
public static class ModelPlot
{
    /// <summary>One box of the picture: the layer, its text, and its centre in plot units (rows one unit apart).</summary>
    /// <param name="Layer">The layer the box stands for.</param>
    /// <param name="Label">The text in the box.</param>
    /// <param name="X">The box's centre, across.</param>
    /// <param name="Y">The box's centre, down (0 for the inputs' row, then −1, −2, …).</param>
    public readonly record struct Box(Layer Layer, string Label, double X, double Y);

    /// <summary>Writes the picture as a PNG; by default its size follows the graph's.</summary>
    /// <exception cref="InvalidOperationException">The model has no graph yet (a Sequential without an input shape).</exception>
    public static void SavePng(Model model, string path, bool showShapes = false, int? width = null, int? height = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (boxes, _) = Layout(model, showShapes);
        int columns = boxes.GroupBy(b => b.Y).Max(g => g.Count()), rows = boxes.Select(b => b.Y).Distinct().Count();
        Create(model, showShapes).SavePng(path, width ?? Math.Max(320, 260 * columns), height ?? Math.Max(200, 110 * rows));
    }

    /// <summary>The ScottPlot figure, for callers who want to restyle it.</summary>
    public static Plot Create(Model model, bool showShapes = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (boxes, arrows) = Layout(model, showShapes);
        var plot = new Plot();
        const double HalfWidth = 0.45, HalfHeight = 0.28;
        var at = boxes.ToDictionary(b => b.Layer);
        foreach (var (from, to) in arrows)
        {
            Box a = at[from], b = at[to];
            var arrow = plot.Add.Arrow(new Coordinates(a.X, a.Y - HalfHeight), new Coordinates(b.X, b.Y + HalfHeight));
            arrow.ArrowLineColor = Colors.Black;
            arrow.ArrowFillColor = Colors.Black;
            arrow.ArrowWidth = 2;
            arrow.ArrowheadWidth = 10;
            arrow.ArrowheadLength = 12;
        }
        foreach (Box box in boxes)
        {
            var rectangle = plot.Add.Rectangle(box.X - HalfWidth, box.X + HalfWidth, box.Y - HalfHeight, box.Y + HalfHeight);
            rectangle.FillColor = box.Layer is Input ? Colors.LightYellow : Colors.LightBlue;
            rectangle.LineColor = Colors.Black;
            var text = plot.Add.Text(box.Label, box.X, box.Y);
            text.LabelAlignment = Alignment.MiddleCenter;
            text.LabelFontSize = 13;
        }
        plot.Axes.SetLimits(boxes.Min(b => b.X) - 0.6, boxes.Max(b => b.X) + 0.6, boxes.Min(b => b.Y) - 0.5, 0.5);
        plot.HideGrid();
        plot.Layout.Frameless();
        return plot;
    }

    /// <summary>Where each box goes and which arrows join them, without drawing: a layer's row is the model's depth
    /// minus its depth (Keras's depths: the outputs at 0), and the boxes of a row are spread evenly, in Keras's layer order.</summary>
    /// <exception cref="InvalidOperationException">The model has no graph yet.</exception>
    public static (IReadOnlyList<Box> Boxes, IReadOnlyList<(Layer From, Layer To)> Arrows) Layout(Model model, bool showShapes = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        FunctionalGraph graph = model.Graph ?? throw new InvalidOperationException($"Model '{model.Name}' has no graph yet: give it an Input or call it on data first.");
        var depth = new Dictionary<Layer, int>();
        foreach (var (node, d) in graph.NodeDepths) depth[node.Layer] = Math.Max(d, depth.GetValueOrDefault(node.Layer));
        int deepest = depth.Values.Max();
        var boxes = new List<Box>();
        foreach (var row in graph.Layers.GroupBy(l => deepest - depth[l]))
        {
            Layer[] layers = [.. row];
            for (int i = 0; i < layers.Length; i++)
                boxes.Add(new Box(layers[i], Label(layers[i], graph, showShapes), (i - (layers.Length - 1) / 2.0) * 1.2, -row.Key));
        }
        var arrows = new List<(Layer, Layer)>();
        foreach (Node node in graph.ExecutionOrder)
            foreach (SymbolicTensor input in node.Inputs)
                if (!arrows.Contains((input.Layer, node.Layer))) arrows.Add((input.Layer, node.Layer));
        return (boxes, arrows);
    }

    private static string Label(Layer layer, FunctionalGraph graph, bool showShapes)
    {
        string label = $"{layer.Name} ({Serialization.KerasObjects.ClassName(layer.GetType())})";
        if (!showShapes) return label;
        Node? last;
        lock (layer.InboundNodes) last = layer.InboundNodes.LastOrDefault(graph.Nodes.Contains);
        return last is null ? label : label + "\n" + string.Join(", ", last.Outputs.Select(o => Layer.FormatWithBatch(o.ShapeArray)));
    }
}
