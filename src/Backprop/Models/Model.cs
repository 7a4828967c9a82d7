using Backprop.Callbacks;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Optimizers;

namespace Backprop;

/// <summary>
/// A Keras model: a layer made of layers, plus the training configuration set by <see cref="Compile(OptimizerArgument, LossArgument, IEnumerable{MetricArgument}?, IEnumerable{MetricArgument}?)"/>, and Fit /
/// Evaluate / Predict. <c>new Model(inputs, outputs)</c> is Keras's functional model (<c>keras.Model(inputs=…,
/// outputs=…)</c>): any graph of layer calls between <see cref="Input"/>s and outputs. <see cref="Sequential"/> is
/// the plain stack. A model is itself a layer, so it can be called inside another model.
/// <code>
/// var inputs = new Input(784);
/// var hidden = new Dense(64, activation: "relu").Call(inputs);
/// var skip = new Add().Call([hidden, new Dense(64, activation: "relu").Call(hidden)]);
/// var model = new Model(inputs, new Dense(10, activation: "softmax").Call(skip));
/// </code>
/// </summary>
public partial class Model : Layer
{
    private readonly FunctionalGraph? _graph;

    /// <summary>For a subclassed model, as in Keras: create its layers in the constructor (held in fields, lists or
    /// dictionaries, they are tracked) and override <see cref="Layer.Forward"/> with the call. Fit, Evaluate, Predict,
    /// Summary and SaveWeights then work on it. The name defaults to Keras's automatic one (the class name in snake_case).
    /// <code>
    /// sealed class TwoLayers : Model
    /// {
    ///     private readonly Dense _hidden = new(64, activation: "relu"), _out = new(10, activation: "softmax");
    ///     public TwoLayers() : base(null) { }
    ///     protected override Tensor Forward(Tensor x, bool training) => _out.Call(_hidden.Call(x, training), training);
    /// }
    /// </code></summary>
    protected Model(string? name) : base(name) { }

    /// <summary>A functional model from one input to one output (Keras's <c>keras.Model(inputs, outputs)</c>); its
    /// name defaults to "functional", "functional_1", … as Keras names it.</summary>
    /// <exception cref="ArgumentException">The output cannot be computed from the input ("graph disconnected"), or two layers share a name.</exception>
    public Model(SymbolicTensor inputs, SymbolicTensor outputs, string? name = null)
        : this([inputs ?? throw new ArgumentNullException(nameof(inputs))], [outputs ?? throw new ArgumentNullException(nameof(outputs))], name)
    {
        (InputsGivenAsList, OutputsGivenAsList) = (false, false);
    }

    /// <summary>A functional model with several inputs and one output (the output is saved as one tensor, as Keras does for this form).</summary>
    public Model(IReadOnlyList<SymbolicTensor> inputs, SymbolicTensor outputs, string? name = null)
        : this(inputs, [outputs ?? throw new ArgumentNullException(nameof(outputs))], name)
    {
        OutputsGivenAsList = false;
    }

    /// <summary>A functional model with one input and several outputs.</summary>
    public Model(SymbolicTensor inputs, IReadOnlyList<SymbolicTensor> outputs, string? name = null)
        : this([inputs ?? throw new ArgumentNullException(nameof(inputs))], outputs, name)
    {
        InputsGivenAsList = false;
    }

    /// <summary>A functional model with several inputs or outputs, in the given order (Keras's list form): Fit,
    /// Evaluate and Predict then take and give one tensor per input and per output, in this order.</summary>
    /// <exception cref="ArgumentException">An output cannot be computed from the inputs ("graph disconnected"), an
    /// input is not an <see cref="Input"/>'s tensor or is given twice, or two layers share a name.</exception>
    public Model(IReadOnlyList<SymbolicTensor> inputs, IReadOnlyList<SymbolicTensor> outputs, string? name = null)
        : base(name ?? NameRegistry.Unique("functional"))
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        _graph = new FunctionalGraph(Name, [.. inputs.Select((t, i) => t ?? throw new ArgumentNullException(nameof(inputs), $"Input {i} is null."))],
            [.. outputs.Select((t, i) => t ?? throw new ArgumentNullException(nameof(outputs), $"Output {i} is null."))]);
    }

    /// <summary>Whether the inputs were given as a list (Keras's config then writes a list of them, else the one tensor).</summary>
    internal bool InputsGivenAsList { get; private set; } = true;

    /// <summary>Whether the outputs were given as a list.</summary>
    internal bool OutputsGivenAsList { get; private set; } = true;

    /// <summary>Restores the forms a loaded config gave its inputs and outputs in, so saving it again writes the same.</summary>
    internal void SetGivenForms(bool inputsAsList, bool outputsAsList) => (InputsGivenAsList, OutputsGivenAsList) = (inputsAsList, outputsAsList);

    /// <summary>The graph of a functional model (and of a built <see cref="Sequential"/>); null for others.</summary>
    internal virtual FunctionalGraph? Graph => _graph;

    /// <summary>The layers, in Keras's order: for a functional model, every layer of the graph, its <see cref="Input"/>s
    /// included (as Keras lists them); a <see cref="Sequential"/> does not list its Input, as in Keras.</summary>
    public virtual IReadOnlyList<Layer> Layers => _graph?.Layers ?? TrackedLayers();

    /// <inheritdoc/>
    internal override IReadOnlyList<Layer> InnerLayers => Layers;

    /// <summary>The symbolic tensors the model starts from (its Inputs'), in order.</summary>
    /// <exception cref="InvalidOperationException">The model has no graph yet (a Sequential without an input shape).</exception>
    public IReadOnlyList<SymbolicTensor> Inputs => RequireGraph().Inputs;

    /// <summary>The symbolic tensors the model returns, in order.</summary>
    /// <exception cref="InvalidOperationException">The model has no graph yet (a Sequential without an input shape).</exception>
    public IReadOnlyList<SymbolicTensor> Outputs => RequireGraph().Outputs;

    /// <summary>The names of the outputs, as Keras's <c>output_names</c>: the name of the layer that makes each.</summary>
    public IReadOnlyList<string> OutputNames => Graph is { } graph ? graph.Outputs.Select(o => o.Layer.Name).ToArray() : [];

    private FunctionalGraph RequireGraph() => Graph
        ?? throw new InvalidOperationException(this is Sequential
            ? $"Model '{Name}' has no graph yet: give it an Input or call it on data first."
            : $"Model '{Name}' ({GetType().Name}) has no graph: a subclassed model overrides Forward with its call, and has no symbolic Inputs or Outputs.");

    /// <summary>The layer of the given name, as Keras's <c>get_layer(name)</c>.</summary>
    /// <exception cref="ArgumentException">No layer has that name (the message lists the names there are).</exception>
    public Layer GetLayer(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Layers.FirstOrDefault(l => l.Name == name)
            ?? throw new ArgumentException($"No such layer: '{name}'. Model '{Name}' has: {string.Join(", ", Layers.Select(l => $"'{l.Name}'"))}.", nameof(name));
    }

    /// <summary>The layer at the given position of <see cref="Layers"/>, as Keras's <c>get_layer(index=…)</c>.</summary>
    public Layer GetLayer(int index) => index >= 0 && index < Layers.Count ? Layers[index]
        : throw new ArgumentOutOfRangeException(nameof(index), $"Model '{Name}' has {Layers.Count} layers, so index {index} is out of range.");

    /// <inheritdoc/>
    public override bool Built => _graph is not null || (this is Sequential ? Layers.Count > 0 && Layers.All(l => l.Built) : base.Built);

    /// <summary>The input shape (without the batch axis) the model was declared or built with, if known; null for a
    /// functional model with several inputs (see <see cref="Inputs"/>).</summary>
    public override int[]? InputShape => _graph is { } graph ? (graph.Inputs is [var only] ? only.Shape : null) : base.InputShape;

    /// <summary>The call: a functional model runs its graph; a subclassed model overrides this with its own.</summary>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        FunctionalGraph graph = RequireGraph();
        if (graph.Outputs.Length != 1)
            throw new InvalidOperationException($"Model '{Name}' has {graph.Outputs.Length} outputs; use CallAll to get them all.");
        return graph.Run(Name, [inputs], training)[0];   // Layer.Call has begun the pass
    }

    /// <inheritdoc/>
    internal override Tensor[] CallNode(Tensor[] inputs, bool training)
    {
        if (_graph is not { } graph) return base.CallNode(inputs, training);
        using ModelPass pass = EnterModel();
        return graph.Run(Name, inputs, training);
    }

    /// <inheritdoc/>
    internal override int[][] OutputShapesFor(int[][] inputShapes)
    {
        if (_graph is not { } graph) return base.OutputShapesFor(inputShapes);
        if (inputShapes.Length != graph.Inputs.Length)
            throw new ArgumentException($"Model '{Name}' has {graph.Inputs.Length} inputs, got {inputShapes.Length}.");
        for (int i = 0; i < inputShapes.Length; i++)
            if (!ShapeMath.Equal(inputShapes[i], graph.Inputs[i].ShapeArray))
                throw new ArgumentException($"Input '{graph.Inputs[i].Layer.Name}' of model '{Name}' expects shape {FormatWithBatch(graph.Inputs[i].ShapeArray)}, got {FormatWithBatch(inputShapes[i])}.");
        return [.. graph.Outputs.Select(o => (int[])o.ShapeArray.Clone())];
    }

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape) => _graph is null ? base.ComputeOutputShape(inputShape)
        : OutputShapesFor([inputShape]) is [var only] ? only : throw new InvalidOperationException($"Model '{Name}' has several outputs.");

    /// <summary>Copies of all weights, in Keras's order.</summary>
    public IReadOnlyList<Tensor> GetWeights() => Weights.Select(w => w.Clone()).ToArray();

    /// <summary>Sets all weights from a list in Keras's order (as <see cref="GetWeights"/> returns).</summary>
    /// <exception cref="ArgumentException">The count or a shape differs.</exception>
    public void SetWeights(IReadOnlyList<Tensor> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        int expected = Weights.Count;
        if (weights.Count != expected)
            throw new ArgumentException($"Model '{Name}' has {expected} weights, got {weights.Count}.", nameof(weights));
        int i = 0;
        foreach (Layer layer in SelfAndInnerLayers())
            for (int w = 0; w < layer.OwnWeightCount; w++) layer.SetWeight(w, weights[i++]);
    }

    /// <summary>The optimizer set by <see cref="Compile(OptimizerArgument, LossArgument, IEnumerable{MetricArgument}?, IEnumerable{MetricArgument}?)"/>.</summary>
    public Optimizer? Optimizer { get; private set; }

    /// <summary>The loss set by <see cref="Compile(OptimizerArgument, LossArgument, IEnumerable{MetricArgument}?, IEnumerable{MetricArgument}?)"/>.</summary>
    public Loss? Loss { get; private set; }

    /// <summary>The metrics set by <see cref="Compile(OptimizerArgument, LossArgument, IEnumerable{MetricArgument}?, IEnumerable{MetricArgument}?)"/> (the loss is tracked separately). As in Keras 3, they are not
    /// weighted by Fit's or Evaluate's sample or class weights: see <see cref="WeightedMetrics"/>.</summary>
    public IReadOnlyList<Metric> Metrics { get; private set; } = [];

    /// <summary>The metrics set by <see cref="Compile(OptimizerArgument, LossArgument, IEnumerable{MetricArgument}?, IEnumerable{MetricArgument}?)"/> that are weighted by the sample and class weights (Keras's
    /// <c>weighted_metrics</c>); one whose name a plain metric already has is logged as "weighted_" + name.</summary>
    public IReadOnlyList<Metric> WeightedMetrics { get; private set; } = [];

    /// <summary>True after <see cref="Compile(OptimizerArgument, LossArgument, IEnumerable{MetricArgument}?, IEnumerable{MetricArgument}?)"/>.</summary>
    public bool Compiled => Optimizer is not null && Loss is not null;

    /// <summary>Set by a callback to end <c>Fit</c> after the current epoch.</summary>
    public bool StopTraining { get; set; }

    /// <summary>
    /// Configures training: an optimizer, a loss and metrics, each by Keras name or as an object.
    /// <code>model.Compile(optimizer: "rmsprop", loss: "categorical_crossentropy", metrics: ["accuracy"]);</code>
    /// </summary>
    /// <param name="optimizer">By Keras name or as an object.</param>
    /// <param name="loss">By Keras name or as an object.</param>
    /// <param name="metrics">Metrics computed without sample or class weights (Keras 3's <c>metrics</c>).</param>
    /// <param name="weightedMetrics">Metrics computed with them (Keras's <c>weighted_metrics</c>).</param>
    /// <exception cref="ArgumentException">A name is unknown (the message lists the known ones), or one metric object is
    /// given twice (its state would be updated twice per batch).</exception>
    // Preferred where the overloads for string and Metric variables would also apply (a collection expression, [] included).
    [System.Runtime.CompilerServices.OverloadResolutionPriority(1)]
    public void Compile(OptimizerArgument optimizer, LossArgument loss, IEnumerable<MetricArgument>? metrics = null, IEnumerable<MetricArgument>? weightedMetrics = null)
    {
        Metric[] plain = (metrics ?? []).Select(m => m.Value).ToArray(), weighted = (weightedMetrics ?? []).Select(m => m.Value).ToArray();
        Loss single = loss.Value ?? throw new ArgumentNullException(nameof(loss));
        int outputs = OutputCount;
        if (outputs == 1)
        {
            SetCompiled(optimizer, [single], null, [plain], plain, weighted);
            return;
        }
        // Keras 3 (compile_utils.py, _build_metrics_set): with several outputs, a flat list of metrics must have one per output.
        if (plain.Length != 0 && plain.Length != outputs)
            throw new ArgumentException($"Model '{Name}' has {outputs} outputs ({string.Join(", ", OutputNames)}): give metrics one list per output, or one metric per output; got {plain.Length} metrics.", nameof(metrics));
        if (weighted.Length != 0)
            throw new NotSupportedException($"weightedMetrics are not supported for model '{Name}', which has {outputs} outputs.");
        SetCompiled(optimizer, [.. Enumerable.Repeat(single, outputs)], null, [.. Enumerable.Range(0, outputs).Select(i => plain.Length == 0 ? [] : new[] { plain[i] })], [], []);
    }

    /// <summary>Compile with the metrics as a variable of names or of metric objects, as Keras code keeps them:
    /// <c>new[] { "accuracy" }</c>, a <c>string[]</c> or <c>List&lt;string&gt;</c>, a <c>Metric[]</c>.</summary>
    /// <exception cref="ArgumentException">As <see cref="Compile(OptimizerArgument, LossArgument, IEnumerable{MetricArgument}?, IEnumerable{MetricArgument}?)"/>.</exception>
    public void Compile(OptimizerArgument optimizer, LossArgument loss, IEnumerable<string> metrics, IEnumerable<string>? weightedMetrics = null) =>
        Compile(optimizer, loss, NotNullMetrics(metrics).Select(m => (MetricArgument)m), weightedMetrics?.Select(m => (MetricArgument)m));

    /// <inheritdoc cref="Compile(OptimizerArgument, LossArgument, IEnumerable{string}, IEnumerable{string}?)"/>
    public void Compile(OptimizerArgument optimizer, LossArgument loss, IEnumerable<Metric> metrics, IEnumerable<Metric>? weightedMetrics = null) =>
        Compile(optimizer, loss, NotNullMetrics(metrics).Select(m => (MetricArgument)m), weightedMetrics?.Select(m => (MetricArgument)m));

    private static IEnumerable<T> NotNullMetrics<T>(IEnumerable<T> metrics) => metrics ?? throw new ArgumentNullException(nameof(metrics));

    /// <summary>Prints Keras 3's summary table (layer, output shape, parameters, totals) and returns it.</summary>
    /// <param name="output">Where to print; the console by default. Pass <see cref="TextWriter.Null"/> to only get the string.</param>
    public string Summary(TextWriter? output = null)
    {
        string text = SummaryTable.Render(this);
        (output ?? Console.Out).Write(text);
        return text;
    }
}
