using Backprop.Layers;

namespace Backprop;

/// <summary>
/// One call of a layer on symbolic tensors, Keras's <c>Node</c>: the layer, the tensors it was called on and the ones
/// it returned. A layer called twice has two nodes (and one set of weights). An <see cref="Input"/>'s node has no inputs.
/// </summary>
internal sealed class Node
{
    public Node(Layer layer, SymbolicTensor[] inputs, bool calledWithList, int[][] outputShapes, string? outputName, bool? training = null)
    {
        Layer = layer;
        Training = training;
        Inputs = inputs;
        CalledWithList = calledWithList;
        var outputs = new SymbolicTensor[outputShapes.Length];
        for (int i = 0; i < outputs.Length; i++) outputs[i] = new SymbolicTensor(outputShapes[i], this, i, outputName);
        Outputs = outputs;
    }

    public Layer Layer { get; }

    public SymbolicTensor[] Inputs { get; }

    /// <summary>True when the layer was given a list (a merge layer, a model with several inputs): Keras writes the
    /// call's argument as a list then, a single tensor otherwise.</summary>
    public bool CalledWithList { get; }

    public SymbolicTensor[] Outputs { get; }

    /// <summary>The mode the call fixes, whatever the model's (Keras's <c>base(x, training=False)</c>), or null to follow it.</summary>
    public bool? Training { get; }

    /// <summary>True for an <see cref="Input"/>'s node, where a graph starts.</summary>
    public bool IsInput => Inputs.Length == 0;

    /// <summary>The position of this node among its layer's calls (Keras's node index in <c>keras_history</c>).</summary>
    public int Index => Layer.InboundNodes.IndexOf(this);
}
