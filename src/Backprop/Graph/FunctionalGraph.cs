using Backprop.Layers;

namespace Backprop;

/// <summary>
/// The graph of a functional model: the layer calls between its inputs and outputs, ordered as Keras 3 orders them
/// (keras/src/ops/function.py, <c>map_graph</c>: layers by decreasing depth, then by first visit in a depth-first
/// walk from the outputs), which fixes the order of <see cref="Model.Layers"/>, of the saved config and of the
/// weight file's keys. Built once; running it allocates only the tensors the layers make.
/// </summary>
internal sealed class FunctionalGraph
{
    private readonly Step[] _steps;
    private readonly int[] _inputIds, _outputIds;
    private readonly int _tensorCount;

    private sealed record Step(Node Node, int[] InputIds, int[] OutputIds);

    public FunctionalGraph(string modelName, SymbolicTensor[] inputs, SymbolicTensor[] outputs)
    {
        if (inputs.Length == 0) throw new ArgumentException($"Model '{modelName}' needs at least one input.", nameof(inputs));
        if (outputs.Length == 0) throw new ArgumentException($"Model '{modelName}' needs at least one output.", nameof(outputs));
        for (int i = 0; i < inputs.Length; i++)
        {
            if (!inputs[i].Producer.IsInput)
                throw new ArgumentException($"Input {i} of model '{modelName}' is {inputs[i]}, the output of a layer; a model's inputs must be the tensors of Input layers (Backprop does not cut a graph at an inner tensor).", nameof(inputs));
            for (int j = 0; j < i; j++)
                if (ReferenceEquals(inputs[i], inputs[j])) throw new ArgumentException($"Input '{inputs[i].Layer.Name}' is given twice to model '{modelName}'.", nameof(inputs));
        }
        Inputs = inputs;
        Outputs = outputs;

        // _build_map: a depth-first walk from each output, collecting nodes from the inputs towards the outputs.
        var ordered = new List<Node>();
        var finished = new HashSet<Node>();
        var inProgress = new HashSet<Node>();
        var layerIndex = new Dictionary<Layer, int>();
        foreach (SymbolicTensor output in outputs) Visit(output.Producer, finished, inProgress, ordered, layerIndex);

        // Depths: a node's depth is one more than the deepest node it feeds (0 for the nodes that make outputs);
        // a shared layer takes the largest depth of its nodes.
        var nodeDepth = new Dictionary<Node, int>();
        var layerDepth = new Dictionary<Layer, int>();
        for (int n = ordered.Count - 1; n >= 0; n--)
        {
            Node node = ordered[n];
            nodeDepth.TryAdd(node, 0);
            int depth = Math.Max(nodeDepth[node], layerDepth.GetValueOrDefault(node.Layer));
            layerDepth[node.Layer] = depth;
            nodeDepth[node] = depth;
            foreach (SymbolicTensor parent in node.Inputs)
                nodeDepth[parent.Producer] = Math.Max(depth + 1, nodeDepth.GetValueOrDefault(parent.Producer));
        }
        // Keras keeps an input no output depends on (at depth 0), as a model may be given inputs it does not use.
        foreach (SymbolicTensor input in inputs)
            if (!layerDepth.ContainsKey(input.Layer))
            {
                layerDepth[input.Layer] = 0;
                layerIndex[input.Layer] = -1;
                nodeDepth[input.Producer] = 0;
            }
        Nodes = nodeDepth.Keys.ToHashSet();
        NodeDepths = nodeDepth;
        Layers = layerDepth.GroupBy(p => p.Value).OrderByDescending(g => g.Key)
            .SelectMany(g => g.Select(p => p.Key).OrderBy(l => layerIndex[l])).ToArray();

        // Every input of every node must be computable from the given inputs ("graph disconnected" otherwise).
        var ids = new Dictionary<SymbolicTensor, int>(ReferenceEqualityComparer.Instance);
        foreach (SymbolicTensor input in inputs) ids[input] = ids.Count;
        var steps = new List<Step>();
        foreach (Node node in nodeDepth.GroupBy(p => p.Value).OrderByDescending(g => g.Key).SelectMany(g => g.Select(p => p.Key)))
        {
            if (node.IsInput)
            {
                if (!ids.ContainsKey(node.Outputs[0]))
                    throw new ArgumentException($"Graph disconnected: model '{modelName}' needs Input '{node.Layer.Name}', which is not among its inputs ({string.Join(", ", inputs.Select(i => $"'{i.Layer.Name}'"))}).", nameof(inputs));
                continue;
            }
            var inputIds = new int[node.Inputs.Length];
            for (int i = 0; i < inputIds.Length; i++)
                inputIds[i] = ids.TryGetValue(node.Inputs[i], out int id) ? id
                    : throw new ArgumentException($"Graph disconnected: layer '{node.Layer.Name}' of model '{modelName}' is called on {node.Inputs[i]}, which cannot be computed from the model's inputs.", nameof(inputs));
            var outputIds = new int[node.Outputs.Length];
            for (int i = 0; i < outputIds.Length; i++) outputIds[i] = ids[node.Outputs[i]] = ids.Count;
            steps.Add(new Step(node, inputIds, outputIds));
        }
        _steps = [.. steps];
        _tensorCount = ids.Count;
        _inputIds = Array.ConvertAll(inputs, i => ids[i]);
        _outputIds = Array.ConvertAll(outputs, o => ids[o]);

        // Serialized nodes refer to layers by name, so a name may appear once.
        foreach (var group in Layers.GroupBy(l => l.Name).Where(g => g.Count() > 1))
            throw new ArgumentException($"The name \"{group.Key}\" is used {group.Count()} times in model '{modelName}'; all layer names must be unique.");
    }

    private static void Visit(Node node, HashSet<Node> finished, HashSet<Node> inProgress, List<Node> ordered, Dictionary<Layer, int> layerIndex)
    {
        if (finished.Contains(node)) return;
        if (!inProgress.Add(node)) throw new ArgumentException($"Layer '{node.Layer.Name}' is part of a cycle.");
        layerIndex.TryAdd(node.Layer, layerIndex.Count);
        foreach (SymbolicTensor input in node.Inputs) Visit(input.Producer, finished, inProgress, ordered, layerIndex);
        finished.Add(node);
        inProgress.Remove(node);
        ordered.Add(node);
    }

    public SymbolicTensor[] Inputs { get; }

    public SymbolicTensor[] Outputs { get; }

    /// <summary>The layers, Input layers included, in Keras's order.</summary>
    public Layer[] Layers { get; }

    /// <summary>Each of the model's calls with its depth (the number of calls between it and an output).</summary>
    public IReadOnlyDictionary<Node, int> NodeDepths { get; }

    /// <summary>The layer calls that belong to this model (a layer may have others, in other models).</summary>
    public HashSet<Node> Nodes { get; }

    /// <summary>The graph's nodes in the order they run: inputs first, each node after the ones it reads.</summary>
    public IEnumerable<Node> ExecutionOrder => _steps.Select(s => s.Node);

    /// <summary>Runs the graph on one tensor per input (each [batch, …shape]), returning one per output.</summary>
    public Tensor[] Run(string modelName, Tensor[] inputs, bool training)
    {
        if (inputs.Length != Inputs.Length)
            throw new ArgumentException($"Model '{modelName}' has {Inputs.Length} input{(Inputs.Length == 1 ? "" : "s")} ({string.Join(", ", Inputs.Select(i => $"'{i.Layer.Name}'"))}), got {inputs.Length} tensor{(inputs.Length == 1 ? "" : "s")}.");
        var values = new Tensor?[_tensorCount];
        for (int i = 0; i < inputs.Length; i++)
        {
            Tensor x = inputs[i];
            int[] expected = Inputs[i].ShapeArray;
            if (x.Rank != expected.Length + 1 || !x.ShapeRef.AsSpan(1).SequenceEqual(expected))
                throw new ArgumentException($"Input '{Inputs[i].Layer.Name}' of model '{modelName}' expects shape {Layer.FormatWithBatch(expected)}, got {ShapeMath.Format(x.ShapeRef)}.");
            if (x.Dim(0) != inputs[0].Dim(0))
                throw new ArgumentException($"The inputs of model '{modelName}' must have the same number of samples: '{Inputs[0].Layer.Name}' has {inputs[0].Dim(0)}, '{Inputs[i].Layer.Name}' has {x.Dim(0)}.");
            values[_inputIds[i]] = x;
        }
        foreach (Step step in _steps)
        {
            var args = new Tensor[step.InputIds.Length];
            for (int i = 0; i < args.Length; i++) args[i] = values[step.InputIds[i]]!;
            Tensor[] results = step.Node.Layer.CallNode(args, step.Node.Training ?? training);
            for (int i = 0; i < results.Length; i++)
            {
                // The graph was built on the shape the layer said it returns; a layer whose call disagrees would fail
                // further on with another layer's name, so it is named here.
                int[] promised = step.Node.Outputs[i].ShapeArray;
                if (results[i].Rank != promised.Length + 1 || !results[i].ShapeRef.AsSpan(1).SequenceEqual(promised))
                    throw new InvalidOperationException($"Layer '{step.Node.Layer.Name}' ({step.Node.Layer.GetType().Name}) returned shape {ShapeMath.Format(results[i].ShapeRef)}, but its output shape is {Layer.FormatWithBatch(promised)} (ComputeOutputShape, used when the model was built).");
                values[step.OutputIds[i]] = results[i];
            }
        }
        var outputs = new Tensor[_outputIds.Length];
        for (int i = 0; i < outputs.Length; i++) outputs[i] = values[_outputIds[i]]!;
        return outputs;
    }
}
