using Backprop.Activations;
using Backprop.Layers;

namespace Backprop.Onnx;

/// <summary>
/// Translates a model into an ONNX graph (opset 13, IR version 7) for inference, walking its graph of layer calls
/// (a <see cref="Sequential"/> is the chain case): nested models are inlined, merge layers become Add, Sub, Mul,
/// Max, Min, Concat, MatMul nodes, Dense becomes Gemm, each activation as its ONNX operator (or a short composition where opset 13 has none),
/// Dropout, GaussianNoise and ActivityRegularization dropped (identities at inference), BatchNormalization
/// folded into a multiply and an add, Normalization, LayerNormalization, Rescaling, Flatten and Reshape
/// as their arithmetic. The input's first dimension is symbolic ("batch"), so any batch size runs.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The ONNX operator set the exported graphs use.</summary>
    public const int Opset = 13;

    /// <summary>Writes the model as an ONNX file. A model with one input and one output names them
    /// <paramref name="inputName"/> and <paramref name="outputName"/>; with several, each takes the name of its Input
    /// layer and of its output layer (<see cref="Model.OutputNames"/>).</summary>
    /// <exception cref="NotSupportedException">A layer or activation has no ONNX translation; the message names it.</exception>
    /// <exception cref="InvalidOperationException">The model is not built (no input shape yet).</exception>
    public static void ExportOnnx(this Model model, string path, string inputName = "input", string outputName = "output")
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = ToOnnx(model, inputName, outputName);
        Serialization.AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>The ONNX model as bytes (a serialized ModelProto).</summary>
    public static byte[] ToOnnx(Model model, string inputName = "input", string outputName = "output")
    {
        ArgumentNullException.ThrowIfNull(model);
        FunctionalGraph graph = model.Built && model.Graph is { } built ? built
            : throw new InvalidOperationException($"Model '{model.Name}' is not built: give it an Input or call it on data before exporting.");
        var g = new OnnxGraph();
        string[] inputNames = graph.Inputs.Length == 1 ? [inputName] : [.. graph.Inputs.Select(i => i.Layer.Name)];
        foreach (string name in inputNames) g.UniqueName(name);
        var layouts = new ChannelsFirstValues(g);
        string[] values = Walk(g, layouts, graph, inputNames);
        for (int i = 0; i < values.Length; i++) values[i] = layouts.AsKeras(values[i], graph.Outputs[i].ShapeArray.Length + 1);
        string[] outputNames = graph.Outputs.Length == 1 ? [outputName] : [.. model.OutputNames];
        for (int i = 0; i < values.Length; i++) values[i] = g.Output(values[i], outputNames[i]);
        byte[] graphBytes = OnnxProto.Graph(model.Name, g.Nodes, g.Initializers,
            inputNames.Select((n, i) => OnnxProto.FloatValueInfo(n, "batch", graph.Inputs[i].Shape)),
            values.Select((n, i) => OnnxProto.FloatValueInfo(n, "batch", graph.Outputs[i].Shape)));
        string version = typeof(Model).Assembly.GetName().Version?.ToString() ?? "0";
        return OnnxProto.Model(irVersion: 7, "Backprop", version, graphBytes, Opset);
    }

    /// <summary>Translates each call of the graph in order, from the ONNX values of its inputs; returns its outputs' values.</summary>
    private static string[] Walk(OnnxGraph g, ChannelsFirstValues layouts, FunctionalGraph graph, string[] inputs)
    {
        var values = new Dictionary<SymbolicTensor, string>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < inputs.Length; i++) values[graph.Inputs[i]] = inputs[i];
        foreach (Node node in graph.ExecutionOrder)
        {
            string[] raw = [.. node.Inputs.Select(t => values[t])];
            if (raw.Length == 1 && layouts.Translate(node.Layer, raw[0], node.Inputs[0].ShapeArray, (activation, name, value) => Activation(g, activation, name, value)) is { } image)
            {
                values[node.Outputs[0]] = image;
                continue;
            }
            // Every other layer reads its inputs in the Keras layout (see ChannelsFirstValues).
            string[] x = [.. raw.Select((v, i) => layouts.AsKeras(v, node.Inputs[i].ShapeArray.Length + 1))];
            string[] y = node.Layer switch
            {
                Model inner => Walk(g, layouts, inner.Graph ?? throw new InvalidOperationException($"Model '{inner.Name}' inside is not built."), x),
                Merge merge => [TranslateMerge(g, merge, x, [.. node.Inputs.Select(t => t.ShapeArray)], node.Outputs[0].ShapeArray)],
                _ => [Translate(g, node.Layer, x[0], node.Inputs[0].ShapeArray)],
            };
            for (int i = 0; i < y.Length; i++) values[node.Outputs[i]] = y[i];
        }
        return [.. graph.Outputs.Select(o => values[o])];
    }

    private static string TranslateMerge(OnnxGraph g, Merge merge, string[] x, int[][] shapes, int[] outputShape)
    {
        string n = merge.Name;
        switch (merge)
        {
            case Concatenate concatenate:
                return g.Node("Concat", n, x, OnnxProto.IntAttribute("axis", concatenate.Axis));
            case Dot dot:
                return TranslateDot(g, dot, x, shapes, outputShape);
        }
        // Keras aligns a lower-rank input by inserting axes after the batch axis; ONNX broadcasts from the right.
        int rank = outputShape.Length;
        for (int i = 0; i < x.Length; i++)
            if (shapes[i].Length < rank)
                x[i] = g.Node("Unsqueeze", $"{n}/align_{i}", [x[i], g.Int64Constant($"{n}/align_{i}_axes", [.. Enumerable.Range(1, rank - shapes[i].Length).Select(a => (long)a)])]);
        string op = merge switch
        {
            Add or Average => "Add",
            Subtract => "Sub",
            Multiply => "Mul",
            Maximum => "Max",
            Minimum => "Min",
            _ => throw new NotSupportedException($"Layer '{merge.Name}' ({merge.GetType().Name}) has no ONNX translation."),
        };
        string result = x[0];
        for (int i = 1; i < x.Length; i++) result = g.Node(op, $"{n}/{op.ToLowerInvariant()}_{i}", [result, x[i]]);
        if (merge is Average && x.Length > 1) result = g.Node("Div", n + "/mean", [result, g.Constant(n + "/count", [], [x.Length])]);
        return result;
    }

    // As the layer computes it: [N, m, k]·[N, k, n] with the summed axis last in the first operand and first in the second.
    private static string TranslateDot(OnnxGraph g, Dot dot, string[] x, int[][] shapes, int[] outputShape)
    {
        string n = dot.Name;
        int[] ranks = [shapes[0].Length + 1, shapes[1].Length + 1];
        int[] axes = [.. Enumerable.Range(0, 2).Select(i => dot.Axes[i] < 0 ? dot.Axes[i] + ranks[i] : dot.Axes[i])];
        string[] operands = new string[2];
        for (int i = 0; i < 2; i++)
        {
            string v = x[i];
            if (dot.Normalize)
            {
                string squares = g.Node("ReduceSumSquare", $"{n}/square_sum_{i}", [v], OnnxProto.IntsAttribute("axes", [axes[i]]), OnnxProto.IntAttribute("keepdims", 1));
                string norm = g.Node("Sqrt", $"{n}/norm_{i}", [g.Node("Max", $"{n}/floor_{i}", [squares, g.Constant($"{n}/epsilon_{i}", [], [1e-14f])])]);
                v = g.Node("Mul", $"{n}/normalized_{i}", [v, g.Node("Reciprocal", $"{n}/inverse_norm_{i}", [norm])]);
            }
            bool first = i == 0;
            operands[i] = ranks[i] == 2
                ? g.Node("Unsqueeze", $"{n}/as_matrix_{i}", [v, g.Int64Constant($"{n}/as_matrix_{i}_axes", [first ? 1 : 2])])
                : axes[i] == (first ? 2 : 1) ? v : g.Node("Transpose", $"{n}/transpose_{i}", [v], OnnxProto.IntsAttribute("perm", [0, 2, 1]));
        }
        string product = g.Node("MatMul", n + "/matmul", operands);
        return g.Node("Reshape", n, [product, g.Int64Constant(n + "/shape", [0, .. outputShape.Select(d => (long)d)])]);
    }

    private static string Translate(OnnxGraph g, Layer layer, string x, int[] inputShape)
    {
        string n = layer.Name;
        switch (layer)
        {
            case Dense dense:
                {
                    string kernel = g.Constant(n + "/kernel", dense.Kernel.Shape, dense.Kernel.ToArray());
                    string[] inputs = dense.Bias is { } bias ? [x, kernel, g.Constant(n + "/bias", bias.Shape, bias.ToArray())] : [x, kernel];
                    return Activation(g, dense.Activation, n, g.Node("Gemm", n + "/gemm", inputs));
                }
            case Activation activation:
                return Activation(g, activation.Function, n, x);
            case Dropout or GaussianNoise or ActivityRegularization or Identity or Input or RandomFlip or RandomContrast or AffineAugmentation:   // training-only or identity
                return x;
            case Softmax softmax:
                return g.Node("Softmax", n, [x], OnnxProto.IntAttribute("axis", softmax.Axis));
            case Permute permute:
                return g.Node("Transpose", n, [x], OnnxProto.IntsAttribute("perm", [0, .. permute.Dims.Select(d => (long)d)]));
            case RepeatVector repeat:
                {
                    string expanded = g.Node("Unsqueeze", n + "/unsqueeze", [x, g.Int64Constant(n + "/axis", [1])]);
                    return g.Node("Tile", n, [expanded, g.Int64Constant(n + "/repeats", [1, repeat.N, 1])]);
                }
            case SpatialLayer spatial:
                return TranslateSpatial(g, spatial, x, inputShape);
            case Flatten:
                return g.Node("Flatten", n, [x], OnnxProto.IntAttribute("axis", 1));
            case Reshape reshape:
                return g.Node("Reshape", n, [x, g.Int64Constant(n + "/shape", [0, .. reshape.TargetShape.Select(d => (long)d)])]);
            case Rescaling rescaling:
                {
                    string scaled = g.Node("Mul", n + "/scale", [x, g.Constant(n + "/scale_value", [], [rescaling.Scale])]);
                    return g.Node("Add", n + "/offset", [scaled, g.Constant(n + "/offset_value", [], [rescaling.Offset])]);
                }
            case Normalization normalization:
                {
                    float[] mean = normalization.Mean.ToArray();
                    // The same float operations the layer does: √variance, then the 1e-7 floor.
                    float[] deviation = normalization.Variance.Select(v => Math.Clamp(MathF.Sqrt(v), 1e-7f, float.MaxValue)).ToArray();
                    string centered = g.Node("Sub", n + "/center", [x, g.Constant(n + "/mean", [mean.Length], mean)]);
                    return g.Node("Div", n + "/scale", [centered, g.Constant(n + "/deviation", [deviation.Length], deviation)]);
                }
            case BatchNormalization bn:
                {
                    // Folded: y = x·a + b with a = γ/√(var + ε), b = β − mean·a, over the last axis.
                    float[] mean = bn.MovingMean.ToArray(), variance = bn.MovingVariance.ToArray();
                    float[] gamma = bn.Gamma?.ToArray() ?? Enumerable.Repeat(1f, mean.Length).ToArray();
                    float[] beta = bn.Beta?.ToArray() ?? new float[mean.Length];
                    float[] a = new float[mean.Length], b = new float[mean.Length];
                    for (int i = 0; i < a.Length; i++)
                    {
                        a[i] = gamma[i] / MathF.Sqrt(variance[i] + bn.Epsilon);
                        b[i] = beta[i] - mean[i] * a[i];
                    }
                    // Features on another axis than the last (channels first): [C, 1, …] broadcasts along it.
                    int rank = inputShape.Length + 1, axis = bn.Axis < 0 ? bn.Axis + rank : bn.Axis;
                    int[] dims = [a.Length, .. Enumerable.Repeat(1, rank - 1 - axis)];
                    string scaled = g.Node("Mul", n + "/scale", [x, g.Constant(n + "/a", dims, a)]);
                    return g.Node("Add", n + "/shift", [scaled, g.Constant(n + "/b", dims, b)]);
                }
            case LayerNormalization ln:
                {
                    long[] axes = [.. ln.Axes(inputShape.Length + 1).Select(v => (long)v)];
                    string mean = g.Node("ReduceMean", n + "/mean", [x], OnnxProto.IntsAttribute("axes", axes), OnnxProto.IntAttribute("keepdims", 1));
                    string centered = g.Node("Sub", n + "/center", [x, mean]);
                    string squared = g.Node("Mul", n + "/square", [centered, centered]);
                    string variance = g.Node("ReduceMean", n + "/variance", [squared], OnnxProto.IntsAttribute("axes", axes), OnnxProto.IntAttribute("keepdims", 1));
                    string deviation = g.Node("Sqrt", n + "/deviation", [g.Node("Add", n + "/epsilon", [variance, g.Constant(n + "/eps", [], [ln.Epsilon])])]);
                    string y = g.Node("Div", n + "/normalized", [centered, deviation]);
                    int[] broadcast = ln.BroadcastShape(inputShape);
                    if (ln.Gamma is { } gamma) y = g.Node("Mul", n + "/gamma", [y, g.Constant(n + "/gamma_value", broadcast, gamma.ToArray())]);
                    if (ln.Beta is { } beta) y = g.Node("Add", n + "/beta", [y, g.Constant(n + "/beta_value", broadcast, beta.ToArray())]);
                    return y;
                }
            default:
                throw new NotSupportedException($"Layer '{layer.Name}' ({layer.GetType().Name}) has no ONNX translation. Supported: Dense, Conv1D, Conv2D, Conv2DTranspose, DepthwiseConv2D, SeparableConv2D, the pooling, padding, cropping, upsampling, spatial dropout and image augmentation layers (RandomFlip, RandomContrast, RandomTranslation, RandomRotation, RandomZoom), Activation, Dropout, GaussianNoise, ActivityRegularization, Identity, Softmax, Permute, RepeatVector, Flatten, Reshape, Rescaling, Normalization, BatchNormalization, LayerNormalization, the merge layers and nested models.");
        }
    }

    /// <summary>Padding as Pad, cropping as Slice, upsampling as Resize, on the tensor in the layer's own layout
    /// (these need no channels-first order).</summary>
    private static string TranslateSpatial(OnnxGraph g, SpatialLayer layer, string x, int[] sample)
    {
        string n = layer.Name;
        int rank = sample.Length + 1;
        // The two spatial axes of a 2-D layer, or the step axis of a 1-D one, in the layer's layout (batch first).
        int[] axes = layer.Rank == 1 ? (layer.DataFormat == "channels_last" ? [1] : [2]) : layer.DataFormat == "channels_last" ? [1, 2] : [2, 3];
        (int Before, int After)[] sides = layer switch
        {
            ZeroPadding2D p => [(p.Rows.Top, p.Rows.Bottom), (p.Columns.Left, p.Columns.Right)],
            Cropping2D c => [(c.Rows.Top, c.Rows.Bottom), (c.Columns.Left, c.Columns.Right)],
            ZeroPadding1D p => [(p.Padding.Left, p.Padding.Right)],
            Cropping1D c => [(c.Cropping.Start, c.Cropping.End)],
            _ => [],
        };
        switch (layer)
        {
            case ZeroPadding1D or ZeroPadding2D:
                {
                    var pads = new long[2 * rank];
                    for (int i = 0; i < axes.Length; i++) (pads[axes[i]], pads[rank + axes[i]]) = (sides[i].Before, sides[i].After);
                    return g.Node("Pad", n, [x, g.Int64Constant(n + "/pads", pads)]);
                }
            case Cropping1D or Cropping2D:
                {
                    long[] starts = [.. sides.Select(side => (long)side.Before)];
                    long[] ends = [.. axes.Select((axis, i) => (long)(sample[axis - 1] - sides[i].After))];
                    return g.Node("Slice", n, [x, g.Int64Constant(n + "/starts", starts), g.Int64Constant(n + "/ends", ends), g.Int64Constant(n + "/axes", [.. axes.Select(a => (long)a)])]);
                }
            default:
                {
                    int[] factors = layer is UpSampling2D up ? [up.Size.Height, up.Size.Width] : [((UpSampling1D)layer).Size];
                    float[] scales = [.. Enumerable.Repeat(1f, rank)];
                    for (int i = 0; i < axes.Length; i++) scales[axes[i]] = factors[i];
                    // The empty name skips the optional roi input.
                    if (layer is UpSampling2D { Interpolation: "bilinear" })
                        // Half-pixel centres, coordinates before the first pixel clamped to it: Keras's resize when upsampling.
                        return g.Node("Resize", n, [x, "", g.Constant(n + "/scales", [rank], scales)],
                            OnnxProto.StringAttribute("mode", "linear"), OnnxProto.StringAttribute("coordinate_transformation_mode", "half_pixel"));
                    // Nearest with floor rounding of asymmetric coordinates: output pixel i reads input ⌊i / factor⌋, as Keras's repeat.
                    return g.Node("Resize", n, [x, "", g.Constant(n + "/scales", [rank], scales)],
                        OnnxProto.StringAttribute("mode", "nearest"), OnnxProto.StringAttribute("coordinate_transformation_mode", "asymmetric"),
                        OnnxProto.StringAttribute("nearest_mode", "floor"));
                }
        }
    }

    private static string Activation(OnnxGraph g, ActivationFunction activation, string layer, string x)
    {
        string n = layer + "/" + activation.Name;
        string Scalar(string name, float value) => g.Constant(n + "/" + name, [], [value]);
        return activation.Name switch
        {
            "linear" => x,
            "relu" => g.Node("Relu", n, [x]),
            "sigmoid" => g.Node("Sigmoid", n, [x]),
            "softmax" => g.Node("Softmax", n, [x], OnnxProto.IntAttribute("axis", -1)),
            "log_softmax" => g.Node("LogSoftmax", n, [x], OnnxProto.IntAttribute("axis", -1)),
            "tanh" => g.Node("Tanh", n, [x]),
            "elu" => g.Node("Elu", n, [x], OnnxProto.FloatAttribute("alpha", 1f)),
            "selu" => g.Node("Selu", n, [x], OnnxProto.FloatAttribute("alpha", 1.67326324f), OnnxProto.FloatAttribute("gamma", 1.05070098f)),
            "softplus" => g.Node("Softplus", n, [x]),
            "softsign" => g.Node("Softsign", n, [x]),
            "swish" or "silu" => g.Node("Mul", n, [x, g.Node("Sigmoid", n + "/sigmoid", [x])]),
            "gelu" => g.Node("Mul", n, [g.Node("Mul", n + "/half", [x, Scalar("half", 0.5f)]),
                g.Node("Add", n + "/one_plus", [g.Node("Erf", n + "/erf", [g.Node("Mul", n + "/scaled", [x, Scalar("inv_sqrt2", 1f / MathF.Sqrt(2f))])]), Scalar("one", 1f)])]),
            "leaky_relu" => g.Node("LeakyRelu", n, [x], OnnxProto.FloatAttribute("alpha", 0.2f)),
            "relu6" => g.Node("Clip", n, [x, Scalar("min", 0f), Scalar("max", 6f)]),
            "exponential" => g.Node("Exp", n, [x]),
            "hard_sigmoid" => g.Node("HardSigmoid", n, [x], OnnxProto.FloatAttribute("alpha", 1f / 6f), OnnxProto.FloatAttribute("beta", 0.5f)),
            "hard_swish" or "hard_silu" => g.Node("Mul", n, [x, g.Node("HardSigmoid", n + "/hard_sigmoid", [x], OnnxProto.FloatAttribute("alpha", 1f / 6f), OnnxProto.FloatAttribute("beta", 0.5f))]),
            "mish" => g.Node("Mul", n, [x, g.Node("Tanh", n + "/tanh", [g.Node("Softplus", n + "/softplus", [x])])]),
            _ => throw new NotSupportedException($"Activation '{activation.Name}' in layer '{layer}' has no ONNX translation."),
        };
    }
}
