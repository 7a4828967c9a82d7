using Backprop.Layers;

namespace Backprop.Onnx;

/// <summary>
/// ONNX translations of the convolution and pooling layers. ONNX's Conv, MaxPool and AveragePool take channels-first
/// tensors [N, C, …], while Keras's layers default to channels last. <see cref="ChannelsFirstValues"/> remembers which
/// ONNX values hold a channels-last tensor transposed to channels first, so that a chain of image layers transposes
/// once on the way in and once on the way out (before Flatten, Dense, a merge or the output), not around every layer.
/// </summary>
internal sealed class ChannelsFirstValues(OnnxGraph g)
{
    // A value name → the same tensor in the other layout, each made once.
    private readonly Dictionary<string, string> _toFirst = [], _toLast = [];
    private readonly HashSet<string> _first = [];

    /// <summary>Whether an ONNX value holds a channels-last tensor in channels-first order.</summary>
    public bool IsTransposed(string value) => _first.Contains(value);

    /// <summary>The value in the layout the Keras layer sees (channels last unless a layer made it channels first).</summary>
    public string AsKeras(string value, int rank)
    {
        if (!_first.Contains(value)) return value;
        if (_toLast.TryGetValue(value, out string? last)) return last;
        long[] perm = [0, .. Enumerable.Range(2, rank - 2).Select(i => (long)i), 1];
        return _toLast[value] = g.Node("Transpose", value + "/to_channels_last", [value], OnnxProto.IntsAttribute("perm", perm));
    }

    /// <summary>A channels-last value as ONNX's image operators want it, [N, C, …].</summary>
    public string AsChannelsFirst(string value, int rank)
    {
        if (_first.Contains(value)) return value;
        if (_toFirst.TryGetValue(value, out string? first)) return first;
        long[] perm = [0, rank - 1, .. Enumerable.Range(1, rank - 2).Select(i => (long)i)];
        string made = g.Node("Transpose", value + "/to_channels_first", [value], OnnxProto.IntsAttribute("perm", perm));
        _first.Add(made);
        _toFirst[value] = made;
        return made;
    }

    public void MarkTransposed(string value) => _first.Add(value);

    /// <summary>Translates an image layer, or returns null for any other layer. <paramref name="sample"/> is the input's shape
    /// without the batch axis, in the layer's own layout.</summary>
    public string? Translate(Layer layer, string x, int[] sample, Func<Backprop.Activations.ActivationFunction, string, string, string> activation)
    {
        string n = layer.Name;
        int rank = sample.Length + 1;
        switch (layer)
        {
            case BaseConv conv:
                {
                    bool last = conv.DataFormat == "channels_last";
                    string input = last ? AsChannelsFirst(x, rank) : AsKeras(x, rank);
                    int[] spatial = last ? sample[..^1] : sample[1..];
                    int[] k = [.. conv.KernelSize], s = [.. conv.Strides], d = [.. conv.DilationRate];
                    // Keras [k…, in/groups, filters] → ONNX [filters, in/groups, k…].
                    float[] keras = conv.Kernel.ToArray();
                    int taps = k.Aggregate(1, (a, b) => a * b), inputs = conv.Kernel.Dim(-2), filters = conv.Filters;
                    var onnx = new float[keras.Length];
                    for (int t = 0; t < taps; t++)
                        for (int c = 0; c < inputs; c++)
                            for (int f = 0; f < filters; f++)
                                onnx[(f * inputs + c) * taps + t] = keras[(t * inputs + c) * filters + f];
                    string kernel = g.Constant(n + "/kernel", [filters, inputs, .. k], onnx);
                    string[] args = conv.Bias is { } bias ? [input, kernel, g.Constant(n + "/bias", bias.Shape, bias.ToArray())] : [input, kernel];
                    string y = g.Node("Conv", n + "/conv", args,
                        OnnxProto.IntsAttribute("kernel_shape", k.Select(v => (long)v)), OnnxProto.IntsAttribute("strides", s.Select(v => (long)v)),
                        OnnxProto.IntsAttribute("dilations", d.Select(v => (long)v)), OnnxProto.IntAttribute("group", conv.Groups),
                        OnnxProto.IntsAttribute("pads", Pads(spatial, k, s, d, conv.Padding)));
                    return Activated(conv.Activation, n, y, last, rank, activation);
                }
            case DepthwiseConv2D depthwise:
                {
                    bool last = depthwise.DataFormat == "channels_last";
                    string input = last ? AsChannelsFirst(x, rank) : AsKeras(x, rank);
                    int[] spatial = last ? sample[..^1] : sample[1..];
                    int[] k = depthwise.KernelSize.ToArray(), s = depthwise.Strides.ToArray(), d = depthwise.DilationRate.ToArray();
                    // Keras [kh, kw, channels, multiplier] → ONNX [channels·multiplier, 1, kh, kw], one group per channel.
                    float[] keras = depthwise.Kernel.ToArray();
                    int taps = k[0] * k[1], outputs = depthwise.Kernel.Dim(2) * depthwise.DepthMultiplier;
                    var onnx = new float[keras.Length];
                    for (int t = 0; t < taps; t++)
                        for (int f = 0; f < outputs; f++) onnx[f * taps + t] = keras[t * outputs + f];
                    string kernel = g.Constant(n + "/kernel", [outputs, 1, .. k], onnx);
                    string[] args = depthwise.Bias is { } bias ? [input, kernel, g.Constant(n + "/bias", bias.Shape, bias.ToArray())] : [input, kernel];
                    string y = g.Node("Conv", n + "/conv", args,
                        OnnxProto.IntsAttribute("kernel_shape", k.Select(v => (long)v)), OnnxProto.IntsAttribute("strides", s.Select(v => (long)v)),
                        OnnxProto.IntsAttribute("dilations", d.Select(v => (long)v)), OnnxProto.IntAttribute("group", depthwise.Kernel.Dim(2)),
                        OnnxProto.IntsAttribute("pads", Pads(spatial, k, s, d, depthwise.Padding)));
                    return Activated(depthwise.Activation, n, y, last, rank, activation);
                }
            case SeparableConv2D separable:
                {
                    bool last = separable.DataFormat == "channels_last";
                    string input = last ? AsChannelsFirst(x, rank) : AsKeras(x, rank);
                    int[] spatial = last ? sample[..^1] : sample[1..];
                    int[] k = separable.KernelSize.ToArray(), s = separable.Strides.ToArray(), d = separable.DilationRate.ToArray();
                    int channels = separable.DepthwiseKernel.Dim(2), depth = channels * separable.DepthMultiplier, taps = k[0] * k[1];
                    float[] dw = separable.DepthwiseKernel.ToArray(), depthwise = new float[dw.Length];
                    for (int t = 0; t < taps; t++)
                        for (int f = 0; f < depth; f++) depthwise[f * taps + t] = dw[t * depth + f];
                    string mid = g.Node("Conv", n + "/depthwise", [input, g.Constant(n + "/depthwise_kernel", [depth, 1, .. k], depthwise)],
                        OnnxProto.IntsAttribute("kernel_shape", k.Select(v => (long)v)), OnnxProto.IntsAttribute("strides", s.Select(v => (long)v)),
                        OnnxProto.IntsAttribute("dilations", d.Select(v => (long)v)), OnnxProto.IntAttribute("group", channels),
                        OnnxProto.IntsAttribute("pads", Pads(spatial, k, s, d, separable.Padding)));
                    // Keras [1, 1, depth, filters] → ONNX [filters, depth, 1, 1].
                    float[] pw = separable.PointwiseKernel.ToArray(), pointwise = new float[pw.Length];
                    for (int c = 0; c < depth; c++)
                        for (int f = 0; f < separable.Filters; f++) pointwise[f * depth + c] = pw[c * separable.Filters + f];
                    string kernel = g.Constant(n + "/pointwise_kernel", [separable.Filters, depth, 1, 1], pointwise);
                    string[] args = separable.Bias is { } bias ? [mid, kernel, g.Constant(n + "/bias", bias.Shape, bias.ToArray())] : [mid, kernel];
                    string y = g.Node("Conv", n + "/pointwise", args, OnnxProto.IntsAttribute("kernel_shape", [1, 1]));
                    return Activated(separable.Activation, n, y, last, rank, activation);
                }
            case Conv2DTranspose transpose:
                {
                    bool last = transpose.DataFormat == "channels_last";
                    string input = last ? AsChannelsFirst(x, rank) : AsKeras(x, rank);
                    int[] spatial = last ? sample[..^1] : sample[1..];
                    int[] k = transpose.KernelSize.ToArray(), s = transpose.Strides.ToArray(), d = transpose.DilationRate.ToArray();
                    int channels = transpose.Kernel.Dim(3), filters = transpose.Filters, taps = k[0] * k[1];
                    // Keras [kh, kw, filters, channels] → ONNX [channels, filters, kh, kw].
                    float[] keras = transpose.Kernel.ToArray(), onnx = new float[keras.Length];
                    for (int t = 0; t < taps; t++)
                        for (int f = 0; f < filters; f++)
                            for (int c = 0; c < channels; c++)
                                onnx[(c * filters + f) * taps + t] = keras[(t * filters + f) * channels + c];
                    // ONNX's size is s(in − 1) + output_padding + k′ − begin − end. The begin pad is the layer's; an end the
                    // layer's size would make negative becomes output_padding (rows past every window, the bias alone).
                    Backprop.Kernels.ConvolutionGeometry geometry = transpose.GeometryFor(1, last ? sample : [.. sample[1..], sample[0]]);
                    int[] before = [geometry.PadTop, geometry.PadLeft], output = [geometry.Height, geometry.Width];
                    long[] pads = new long[4], outputPadding = new long[2];
                    for (int i = 0; i < 2; i++)
                    {
                        int end = s[i] * (spatial[i] - 1) + d[i] * (k[i] - 1) + 1 - before[i] - output[i];
                        (pads[i], pads[2 + i], outputPadding[i]) = (before[i], Math.Max(end, 0), Math.Max(-end, 0));
                    }
                    string kernel = g.Constant(n + "/kernel", [channels, filters, .. k], onnx);
                    string[] args = transpose.Bias is { } bias ? [input, kernel, g.Constant(n + "/bias", bias.Shape, bias.ToArray())] : [input, kernel];
                    string y = g.Node("ConvTranspose", n + "/conv_transpose", args,
                        OnnxProto.IntsAttribute("kernel_shape", k.Select(v => (long)v)), OnnxProto.IntsAttribute("strides", s.Select(v => (long)v)),
                        OnnxProto.IntsAttribute("dilations", d.Select(v => (long)v)), OnnxProto.IntsAttribute("pads", pads),
                        OnnxProto.IntsAttribute("output_padding", outputPadding));
                    return Activated(transpose.Activation, n, y, last, rank, activation);
                }
            case SpatialDropout:
                return x;
            case BasePooling pool:
                {
                    bool last = pool.DataFormat == "channels_last";
                    string input = last ? AsChannelsFirst(x, rank) : AsKeras(x, rank);
                    int[] spatial = last ? sample[..^1] : sample[1..];
                    int[] k = [.. pool.PoolSize], s = [.. pool.Strides];
                    var attributes = new List<byte[]>
                    {
                        OnnxProto.IntsAttribute("kernel_shape", k.Select(v => (long)v)), OnnxProto.IntsAttribute("strides", s.Select(v => (long)v)),
                        OnnxProto.IntsAttribute("pads", Pads(spatial, k, s, [.. k.Select(_ => 1)], pool.Padding)),
                    };
                    bool max = pool is MaxPooling1D or MaxPooling2D;
                    // Keras's average pooling never counts the padding (TensorFlow's "SAME").
                    if (!max) attributes.Add(OnnxProto.IntAttribute("count_include_pad", 0));
                    string y = g.Node(max ? "MaxPool" : "AveragePool", n, [input], [.. attributes]);
                    if (last) MarkTransposed(y);
                    return y;
                }
            case GlobalPooling global:
                {
                    bool last = global.DataFormat == "channels_last";
                    string input = last ? AsChannelsFirst(x, rank) : AsKeras(x, rank);
                    bool max = global is GlobalMaxPooling1D or GlobalMaxPooling2D;
                    string pooled = g.Node(max ? "GlobalMaxPool" : "GlobalAveragePool", n + "/pool", [input]);   // [N, C, 1…]
                    if (!global.Keepdims) return g.Node("Flatten", n, [pooled], OnnxProto.IntAttribute("axis", 1));
                    if (last) MarkTransposed(pooled);
                    return pooled;
                }
            default:
                return null;
        }
    }

    /// <summary>A convolution's activation on its channels-first result. Softmax runs over the Keras layout's last axis, so
    /// it needs the tensor back in that layout; any other activation keeps the channels-first value for the next layer.</summary>
    private string Activated(Backprop.Activations.ActivationFunction function, string n, string y, bool last, int rank,
        Func<Backprop.Activations.ActivationFunction, string, string, string> activation)
    {
        if (function.Name == "softmax")
        {
            if (!last) return activation(function, n, y);
            MarkTransposed(y);
            return activation(function, n, AsKeras(y, rank));
        }
        y = activation(function, n, y);
        if (last) MarkTransposed(y);
        return y;
    }

    /// <summary>ONNX pads [begin…, end…]: none for "valid"; Keras's "same" (the smaller half before) and "causal" (all before).</summary>
    private static long[] Pads(int[] size, int[] kernel, int[] stride, int[] dilation, string padding)
    {
        var begin = new long[size.Length];
        var end = new long[size.Length];
        for (int i = 0; i < size.Length; i++)
        {
            int span = dilation[i] * (kernel[i] - 1) + 1;
            if (padding == "causal") begin[i] = span - 1;
            else if (padding == "same")
            {
                int output = (size[i] + stride[i] - 1) / stride[i];
                int total = Math.Max((output - 1) * stride[i] + span - size[i], 0);
                (begin[i], end[i]) = (total / 2, total - total / 2);
            }
        }
        return [.. begin, .. end];
    }
}
