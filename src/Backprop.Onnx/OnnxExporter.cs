using Backprop.Activations;
using Backprop.Layers;

namespace Backprop.Onnx;

/// <summary>
/// Translates a <see cref="Sequential"/> model into an ONNX graph (opset 13, IR version 7) for inference:
/// Dense as Gemm, each activation as its ONNX operator (or a short composition where opset 13 has none),
/// Dropout, GaussianNoise and ActivityRegularization dropped (identities at inference), BatchNormalization
/// folded into a multiply and an add, Normalization, LayerNormalization, Rescaling, Flatten and Reshape
/// as their arithmetic. The input's first dimension is symbolic ("batch"), so any batch size runs.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The ONNX operator set the exported graphs use.</summary>
    public const int Opset = 13;

    /// <summary>Writes the model as an ONNX file.</summary>
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
        if (model is not Sequential) throw new NotSupportedException($"Only Sequential models can be exported to ONNX; '{model.Name}' is a {model.GetType().Name}.");
        int[] inputShape = model.InputShape is { } s && model.Built
            ? s : throw new InvalidOperationException($"Model '{model.Name}' is not built: give it an Input or call it on data before exporting.");
        var graph = new OnnxGraph();
        graph.UniqueName(inputName);
        string value = inputName;
        int[] shape = inputShape;
        foreach (Layer layer in model.Layers)
        {
            value = Translate(graph, layer, value, shape);
            shape = layer.ComputeOutputShape(shape);
        }
        value = graph.Output(value, outputName);
        byte[] graphBytes = OnnxProto.Graph(model.Name, graph.Nodes, graph.Initializers,
            OnnxProto.FloatValueInfo(inputName, "batch", inputShape), OnnxProto.FloatValueInfo(value, "batch", shape));
        string version = typeof(Model).Assembly.GetName().Version?.ToString() ?? "0";
        return OnnxProto.Model(irVersion: 7, "Backprop", version, graphBytes, Opset);
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
            case Dropout or GaussianNoise or ActivityRegularization:
                return x;
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
                    string scaled = g.Node("Mul", n + "/scale", [x, g.Constant(n + "/a", [a.Length], a)]);
                    return g.Node("Add", n + "/shift", [scaled, g.Constant(n + "/b", [b.Length], b)]);
                }
            case LayerNormalization ln:
                {
                    string mean = g.Node("ReduceMean", n + "/mean", [x], OnnxProto.IntsAttribute("axes", [-1]), OnnxProto.IntAttribute("keepdims", 1));
                    string centered = g.Node("Sub", n + "/center", [x, mean]);
                    string squared = g.Node("Mul", n + "/square", [centered, centered]);
                    string variance = g.Node("ReduceMean", n + "/variance", [squared], OnnxProto.IntsAttribute("axes", [-1]), OnnxProto.IntAttribute("keepdims", 1));
                    string deviation = g.Node("Sqrt", n + "/deviation", [g.Node("Add", n + "/epsilon", [variance, g.Constant(n + "/eps", [], [ln.Epsilon])])]);
                    string y = g.Node("Div", n + "/normalized", [centered, deviation]);
                    if (ln.Gamma is { } gamma) y = g.Node("Mul", n + "/gamma", [y, g.Constant(n + "/gamma_value", gamma.Shape, gamma.ToArray())]);
                    if (ln.Beta is { } beta) y = g.Node("Add", n + "/beta", [y, g.Constant(n + "/beta_value", beta.Shape, beta.ToArray())]);
                    return y;
                }
            default:
                throw new NotSupportedException($"Layer '{layer.Name}' ({layer.GetType().Name}) has no ONNX translation. Supported: Dense, Activation, Dropout, GaussianNoise, ActivityRegularization, Flatten, Reshape, Rescaling, Normalization, BatchNormalization, LayerNormalization.");
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
