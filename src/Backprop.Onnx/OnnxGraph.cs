namespace Backprop.Onnx;

/// <summary>Collects nodes and constant tensors while a model is translated, handing out unique value names.</summary>
internal sealed class OnnxGraph
{
    private readonly List<byte[]> _nodes = [];
    private readonly List<byte[]> _initializers = [];
    private readonly HashSet<string> _names = [];

    public IReadOnlyList<byte[]> Nodes => _nodes;

    public IReadOnlyList<byte[]> Initializers => _initializers;

    public string UniqueName(string wanted)
    {
        string name = wanted;
        for (int i = 1; !_names.Add(name); i++) name = $"{wanted}_{i}";
        return name;
    }

    /// <summary>A float constant (weights, scales) broadcast against the data by ONNX's NumPy rules.</summary>
    public string Constant(string name, int[] shape, ReadOnlySpan<float> values)
    {
        string unique = UniqueName(name);
        _initializers.Add(OnnxProto.FloatTensor(unique, shape, values));
        return unique;
    }

    public string Int64Constant(string name, long[] values)
    {
        string unique = UniqueName(name);
        _initializers.Add(OnnxProto.Int64Tensor(unique, values));
        return unique;
    }

    /// <summary>Adds a node with one output and returns that output's name.</summary>
    public string Node(string opType, string name, string[] inputs, params byte[][] attributes)
    {
        string output = UniqueName(name);
        _nodes.Add(OnnxProto.Node(opType, output, inputs, [output], attributes));
        return output;
    }

    /// <summary>Renames the last node's output (the graph's output must carry the name the user asked for).</summary>
    public string Output(string value, string name)
    {
        _names.Add(name);
        _nodes.Add(OnnxProto.Node("Identity", name + "_identity", [value], [name], []));
        return name;
    }
}
