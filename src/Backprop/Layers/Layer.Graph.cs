namespace Backprop.Layers;

// Calls on symbolic tensors (building a functional model) and on several tensors at once (merge layers, models with
// several inputs or outputs). A plain layer takes one tensor and returns one; the overrides are internal because
// only merge layers and models differ.
public abstract partial class Layer
{
    /// <summary>The calls of this layer on symbolic tensors, in order (Keras's <c>_inbound_nodes</c>).</summary>
    internal List<Node> InboundNodes { get; } = [];

    /// <summary>
    /// Calls the layer on a symbolic tensor while a model is being built: the layer is built for its shape if it was
    /// not yet, the call is recorded, and the result stands for the layer's output. Calling the same layer again, on
    /// another tensor, shares its weights.
    /// </summary>
    /// <param name="inputs">The symbolic tensor to call the layer on.</param>
    /// <param name="training">Fixes the mode of this call whatever the model's, as Keras's <c>base(x, training=False)</c>
    /// (a frozen base model whose BatchNormalization and Dropout must stay in inference mode); null follows the model.</param>
    /// <exception cref="ArgumentException">The layer was built for another shape, or cannot take this one (the message names the layer and both shapes).</exception>
    public SymbolicTensor Call(SymbolicTensor inputs, bool? training = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Single(CallSymbolic([inputs], calledWithList: false, training));
    }

    /// <summary>Calls a layer that takes several tensors (a merge layer, a model with several inputs) on symbolic tensors.</summary>
    /// <param name="inputs">One symbolic tensor per input of the layer.</param>
    /// <param name="training">Fixes the mode of this call, or null to follow the model's.</param>
    /// <exception cref="ArgumentException">The count or the shapes do not fit the layer.</exception>
    public SymbolicTensor Call(IReadOnlyList<SymbolicTensor> inputs, bool? training = null) => Single(CallSymbolic(NotNull(inputs), calledWithList: true, training));

    /// <summary>Calls a model with several outputs on symbolic tensors, returning one tensor per output.</summary>
    /// <param name="inputs">One symbolic tensor per input of the model.</param>
    /// <param name="training">Fixes the mode of this call, or null to follow the model's.</param>
    public IReadOnlyList<SymbolicTensor> CallAll(IReadOnlyList<SymbolicTensor> inputs, bool? training = null) => CallSymbolic(NotNull(inputs), calledWithList: true, training);

    /// <summary>Applies a layer that takes several tensors (a merge layer, a model with several inputs) to them.</summary>
    public Tensor Call(IReadOnlyList<Tensor> inputs, bool training = false)
    {
        Tensor[] outputs = CallNode(NotNull(inputs), training);
        return outputs.Length == 1 ? outputs[0]
            : throw new InvalidOperationException($"'{Name}' has {outputs.Length} outputs; use CallAll to get them all.");
    }

    /// <summary>Applies a model with several outputs, returning one tensor per output.</summary>
    public IReadOnlyList<Tensor> CallAll(IReadOnlyList<Tensor> inputs, bool training = false) => CallNode(NotNull(inputs), training);

    /// <summary>The symbolic output of the layer's first call in a graph (Keras's <c>layer.output</c>, which is its first
    /// node's); for a later call, keep that call's result.</summary>
    /// <exception cref="InvalidOperationException">The layer was never called on a symbolic tensor.</exception>
    public SymbolicTensor Output
    {
        get
        {
            lock (InboundNodes)
            {
                if (InboundNodes.Count == 0)
                    throw new InvalidOperationException($"Layer '{Name}' has never been called on a symbolic tensor, so it has no output yet.");
                return Single(InboundNodes[0].Outputs);
            }
        }
    }

    private SymbolicTensor Single(IReadOnlyList<SymbolicTensor> outputs) => outputs.Count == 1 ? outputs[0]
        : throw new InvalidOperationException($"'{Name}' has {outputs.Count} outputs; use CallAll to get them all.");

    private static T[] NotNull<T>(IReadOnlyList<T> inputs) where T : class
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var array = new T[inputs.Count];
        for (int i = 0; i < array.Length; i++) array[i] = inputs[i] ?? throw new ArgumentNullException(nameof(inputs), $"Input {i} is null.");
        return array;
    }

    internal SymbolicTensor[] CallSymbolic(SymbolicTensor[] inputs, bool calledWithList, bool? training = null)
    {
        if (this is Merge && !calledWithList)
            throw new ArgumentException($"Layer '{Name}' ({GetType().Name}) merges a list of inputs; call it with a list, e.g. Call([a, b]).", nameof(inputs));
        int[][] shapes = OutputShapesFor(Array.ConvertAll(inputs, t => t.ShapeArray));
        var node = new Node(this, inputs, calledWithList, shapes, outputName: null, training);
        lock (InboundNodes) InboundNodes.Add(node);
        return node.Outputs;
    }

    /// <summary>Builds the layer for inputs of these shapes if needed, checks them, and returns the output shapes.</summary>
    internal virtual int[][] OutputShapesFor(int[][] inputShapes)
    {
        CheckOneInput(inputShapes.Length);
        if (!Built) Build(inputShapes[0]);
        CheckInputShape(inputShapes[0]);
        return [ComputeOutputShape(inputShapes[0])];
    }

    /// <summary>Applies the layer to the tensors of one graph call.</summary>
    internal virtual Tensor[] CallNode(Tensor[] inputs, bool training)
    {
        CheckOneInput(inputs.Length);
        return [Call(inputs[0], training)];
    }

    private void CheckOneInput(int count)
    {
        if (count != 1) throw new ArgumentException($"Layer '{Name}' ({GetType().Name}) takes one input, got {count}.");
    }
}
