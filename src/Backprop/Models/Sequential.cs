using Backprop.Layers;

namespace Backprop;

/// <summary>
/// A plain stack of layers, each feeding the next, like <c>keras.Sequential</c>. With an <see cref="Input"/>
/// first it is built at once; otherwise on the first data it sees.
/// <code>
/// var model = new Sequential(new Input(784), new Dense(512, activation: "relu"), new Dense(10, activation: "softmax"));
/// </code>
/// </summary>
public sealed class Sequential : Model
{
    private readonly List<Layer> _layers = [];
    private int[]? _inputShape;
    private Input? _input;
    private FunctionalGraph? _graph;

    /// <summary>A model of the given layers, in order.</summary>
    public Sequential(params Layer[] layers) : this(layers, null) { }

    /// <summary>A named model of the given layers.</summary>
    public Sequential(IEnumerable<Layer> layers, string? name) : base(name)
    {
        foreach (Layer layer in layers) Add(layer);
    }

    /// <inheritdoc/>
    public override IReadOnlyList<Layer> Layers => _layers;

    /// <inheritdoc/>
    public override int[]? InputShape => _inputShape ?? _layers.FirstOrDefault()?.InputShape;

    /// <summary>Appends a layer (an <see cref="Input"/> is only allowed first, and builds what follows).</summary>
    /// <exception cref="ArgumentException">An Input after other layers, or a layer the model already has (saved, it would
    /// come back as two independent layers).</exception>
    public void Add(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (_layers.Contains(layer))
            throw new ArgumentException($"Layer '{layer.Name}' is already layer {_layers.IndexOf(layer)} of model '{Name}'; a Sequential model holds each layer instance once. Create a new layer for each position.", nameof(layer));
        if (layer is Input input)
        {
            if (_layers.Count > 0 || _inputShape is not null)
                throw new ArgumentException("An Input can only be the first layer of a Sequential model.", nameof(layer));
            _inputShape = input.Shape;
            _input = input;
            return;
        }
        _layers.Add(layer);
        _graph = null;
        if (_inputShape is not null) BuildLayers(_inputShape);
    }

    /// <summary>Removes the last layer, like Keras's <c>Sequential.pop()</c>.</summary>
    public Layer Pop()
    {
        if (_layers.Count == 0) throw new InvalidOperationException($"Model '{Name}' has no layers to pop.");
        Layer last = _layers[^1];
        _layers.RemoveAt(_layers.Count - 1);
        _graph = null;
        return last;
    }

    /// <inheritdoc/>
    protected override void OnBuild(int[] inputShape) => BuildLayers(inputShape);

    private void BuildLayers(int[] inputShape)
    {
        int[] shape = inputShape;
        foreach (Layer layer in _layers)
        {
            if (!layer.Built) layer.Build(shape);
            shape = layer.ComputeOutputShape(shape);
        }
    }

    /// <summary>A model rebuilt from a saved config: the input shape declared and every layer built for it, ready for its weights.</summary>
    internal static Sequential Restore(IEnumerable<Layer> layers, string name, int[] inputShape)
    {
        var model = new Sequential(layers, name) { _inputShape = (int[])inputShape.Clone() };
        int[] shape = inputShape;
        foreach (Layer layer in model._layers)
        {
            layer.PrepareForLoading(shape);
            layer.Build(shape);
            shape = layer.ComputeOutputShape(shape);
        }
        return model;
    }

    /// <summary>Output shapes (without the batch axis) of each layer, when built.</summary>
    internal IEnumerable<int[]?> OutputShapes()
    {
        int[]? shape = InputShape;
        foreach (Layer layer in _layers)
        {
            shape = shape is null || !layer.Built ? null : layer.ComputeOutputShape(shape);
            yield return shape;
        }
    }

    /// <inheritdoc/>
    public override bool Built
    {
        get
        {
            // A loop, not All(): Call asks this every training step, and a LINQ enumerator would be an allocation each time.
            for (int i = 0; i < _layers.Count; i++)
                if (!_layers[i].Built) return false;
            return _layers.Count > 0;
        }
    }

    /// <summary>The chain as a graph, as Keras's Sequential keeps a functional model inside: an Input, then each layer
    /// called on the previous output. Made once the model is built (so <see cref="Model.Inputs"/>, <see cref="Model.Outputs"/>
    /// and each layer's <see cref="Layer.Output"/> exist), again after <see cref="Add"/> or <see cref="Pop"/>.</summary>
    internal override FunctionalGraph? Graph
    {
        get
        {
            if (_graph is not null || !Built || InputShape is not { } shape) return _graph;
            lock (_layers)
            {
                if (_graph is not null) return _graph;
                SymbolicTensor x = _input ??= new Input(shape);
                foreach (Layer layer in _layers) x = layer.Call(x);
                return _graph = new FunctionalGraph(Name, [_input], [x]);
            }
        }
    }

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape)
    {
        int[] shape = inputShape;
        foreach (Layer layer in _layers) shape = layer.ComputeOutputShape(shape);
        return shape;
    }

    /// <inheritdoc/>
    internal override int[][] OutputShapesFor(int[][] inputShapes) => _layers.Count == 0
        ? throw new InvalidOperationException($"Model '{Name}' has no layers.")
        : base.OutputShapesFor(inputShapes);

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        if (_layers.Count == 0) throw new InvalidOperationException($"Model '{Name}' has no layers.");
        Tensor x = inputs;
        foreach (Layer layer in _layers) x = layer.Call(x, training);
        return x;
    }
}
