namespace Backprop.Layers;

/// <summary>
/// A Keras layer (keras/src/layers/layer.py). To write one, as in Keras: the constructor holds configuration only;
/// override <see cref="OnBuild"/> (Keras's <c>build</c>) to create the weights with <see cref="AddWeight(string, int[], string, bool, Regularizers.Regularizer?)"/>
/// once the input shape is known; override <see cref="Forward"/> (Keras's <c>call</c>) to compute the output from
/// tensor operations, which makes it differentiable; override <see cref="ComputeOutputShape"/> only if running the
/// layer on one sample of zeros is not how its shape should be found; override <see cref="GetConfig"/> to save it.
/// Layers held in fields (alone, in lists or in dictionaries) are tracked: their weights are this layer's too.
/// Shapes exclude the batch axis: Dense(512) on [N, 784] inputs is built with input shape [784].
/// <code>
/// public sealed class Linear(int units, string? name = null) : Layer(name)
/// {
///     private Tensor _w = null!, _b = null!;
///     public int Units => units;
///     protected override void OnBuild(int[] inputShape)
///     {
///         _w = AddWeight("kernel", [inputShape[^1], units], "glorot_uniform");
///         _b = AddWeight("bias", [units], "zeros");
///     }
///     protected override Tensor Forward(Tensor inputs, bool training) => inputs.MatMul(_w) + _b;
///     public override IDictionary&lt;string, object?&gt; GetConfig() { var c = base.GetConfig(); c["units"] = units; return c; }
/// }
/// </code>
/// </summary>
public abstract partial class Layer
{
    private readonly List<(string Name, Tensor Value, bool Trainable)> _weights = [];

    /// <summary>Creates a layer; <paramref name="name"/> defaults to Keras's automatic name (dense, dense_1, …).</summary>
    protected Layer(string? name)
    {
        Name = name ?? NameRegistry.Unique(NameRegistry.SnakeCase(GetType().Name));
    }

    /// <summary>The layer's name, unique in the session unless given.</summary>
    public string Name { get; }

    /// <summary>Whether the optimizer updates this layer's weights (set false to freeze it). Setting it on a model sets
    /// it on every layer inside, as Keras's <c>trainable</c> setter does, so a frozen BatchNormalization inside a frozen
    /// base model also runs in inference mode.</summary>
    public bool Trainable
    {
        get => _trainable;
        set
        {
            _trainable = value;
            IReadOnlyList<Layer> inner = InnerLayers;
            for (int i = 0; i < inner.Count; i++) inner[i].Trainable = value;
        }
    }

    private bool _trainable = true;

    /// <summary>True once <see cref="Build"/> has created the weights (for a model: once every layer has them).</summary>
    public virtual bool Built => _built;

    // Volatile: a thread that sees the layer built must also see its weights (written before, under the build lock).
    private volatile bool _built;

    /// <summary>The input shape (without the batch axis) the layer was built for (for a model: the one it was declared with).</summary>
    public virtual int[]? InputShape => _builtShape;

    private int[]? _builtShape;

    /// <summary>The layers this one is made of, whose weights it holds after its own: a model's layers, none for a plain layer.</summary>
    internal virtual IReadOnlyList<Layer> InnerLayers => TrackedLayers();

    /// <summary>Every weight: the layer's own in creation order (Dense: kernel, then bias), then its inner layers' in order.</summary>
    public IReadOnlyList<Tensor> Weights => Collect(trainable: null);

    /// <summary>The weights the optimizer updates (none when the layer, or a model holding it, is frozen).</summary>
    public IReadOnlyList<Tensor> TrainableWeights => Trainable ? Collect(trainable: true) : [];

    /// <summary>The weights the optimizer leaves alone.</summary>
    public IReadOnlyList<Tensor> NonTrainableWeights => Trainable ? Collect(trainable: false) : Weights;

    // One list for the layer and everything inside it, each layer once even when two models share it (Keras's
    // Layer.weights drops duplicates); loops, not LINQ: Fit and the optimizer ask for these often.
    private List<Tensor> Collect(bool? trainable)
    {
        var list = new List<Tensor>();
        AddWeights(list, trainable, InnerLayers.Count == 0 ? null : new HashSet<Layer>(ReferenceEqualityComparer.Instance));
        return list;
    }

    private void AddWeights(List<Tensor> list, bool? trainable, HashSet<Layer>? visited)
    {
        if (visited is not null && !visited.Add(this)) return;
        foreach (var (_, value, isTrainable) in _weights)
            if (trainable is null || isTrainable == trainable) list.Add(value);
        IReadOnlyList<Layer> inner = InnerLayers;
        for (int i = 0; i < inner.Count; i++)
        {
            if (trainable is null || inner[i].Trainable) inner[i].AddWeights(list, trainable, visited);
            else if (trainable == false) inner[i].AddWeights(list, null, visited);
        }
    }

    /// <summary>Names of the layer's own weights, in the order they come first in <see cref="Weights"/>.</summary>
    public IReadOnlyList<string> WeightNames => _weights.Select(w => w.Name).ToArray();

    /// <summary>Number of the layer's own weights (the first ones in <see cref="Weights"/>).</summary>
    internal int OwnWeightCount => _weights.Count;

    /// <summary>Number of scalars in all weights.</summary>
    public int CountParams()
    {
        int count = 0;
        foreach (Tensor w in Weights) count += w.Size;
        return count;
    }

    /// <summary>Creates the weights for inputs of the given shape (without the batch axis). Called once, before the first <see cref="Call(Tensor, bool)"/>.</summary>
    public void Build(int[] inputShape)
    {
        if (Built) return;
        // Several threads making a first Predict on an unbuilt model must build it once, not once each.
        lock (_buildLock)
        {
            if (Built) return;
            _builtShape = (int[])inputShape.Clone();
            using (Autograd.TensorArena.Suspend()) OnBuild(_builtShape);   // weights outlive any training step
            _built = true;
        }
    }

    private readonly Lock _buildLock = new();

    /// <summary>Called before <see cref="Build"/> when a saved model is loaded: the weights' values will come from the file,
    /// so a layer whose build needs data first (Normalization's adapt) can skip that here.</summary>
    internal virtual void PrepareForLoading(int[] inputShape) { }

    /// <summary>Override to create weights with <see cref="AddWeight(string, int[], string, bool, Regularizers.Regularizer?)"/>.</summary>
    protected virtual void OnBuild(int[] inputShape) { }

    /// <summary>Creates a weight, Keras's <c>add_weight</c>: an initializer by Keras name ("glorot_uniform", Keras's
    /// default, "zeros", …), trainable or state the optimizer leaves alone (a moving mean), and an optional penalty.</summary>
    /// <exception cref="InvalidOperationException">The layer is already built (weights are made in OnBuild).</exception>
    protected Tensor AddWeight(string name, int[] shape, string initializer = "glorot_uniform", bool trainable = true, Regularizers.Regularizer? regularizer = null) =>
        AddWeight(name, shape, Initializers.Initializer.Get(initializer), trainable, regularizer);

    /// <summary>Creates a weight from an initializer object and registers it with the layer.</summary>
    /// <exception cref="InvalidOperationException">The layer is already built (weights are made in OnBuild).</exception>
    protected Tensor AddWeight(string name, int[] shape, Initializers.Initializer initializer, bool trainable = true, Regularizers.Regularizer? regularizer = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(initializer);
        if (_built)
            throw new InvalidOperationException($"Layer '{Name}' is already built: weight '{name}' must be added in OnBuild, before the layer is first used.");
        WeightBudget.Take(Name, name, shape);
        double size = 1;   // a double cannot overflow on any shape
        foreach (int d in shape) size *= d;
        if (size > Array.MaxLength)
            throw new ArgumentException($"Layer '{Name}' weight '{name}' of shape {ShapeMath.Format(shape)} has {size:N0} values, more than one tensor can hold ({Array.MaxLength:N0}).");
        Tensor value;
        try { value = initializer.Create(shape); }
        catch (OutOfMemoryException e)
        {
            throw new OutOfMemoryException($"Layer '{Name}' weight '{name}' of shape {ShapeMath.Format(shape)} needs {size * sizeof(float):N0} bytes, which could not be allocated.", e);
        }
        value.RequiresGrad = trainable;
        _weights.Add((name, value, trainable));
        if (regularizer is not null) (_weightPenalties ??= []).Add((value, regularizer));
        return value;
    }

    private List<(Tensor Weight, Regularizers.Regularizer Regularizer)>? _weightPenalties;

    /// <summary>This layer, then every layer inside it, depth first, each once: the order <see cref="Weights"/> follows.</summary>
    internal IEnumerable<Layer> SelfAndInnerLayers()
    {
        var visited = new HashSet<Layer>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<Layer>();
        stack.Push(this);
        while (stack.TryPop(out Layer? layer))
        {
            if (!visited.Add(layer)) continue;
            yield return layer;
            IReadOnlyList<Layer> inner = layer.InnerLayers;
            for (int i = inner.Count - 1; i >= 0; i--) stack.Push(inner[i]);
        }
    }

    /// <summary>Replaces the values of the layer's own weight <paramref name="index"/> (shapes must match).</summary>
    internal void SetWeight(int index, Tensor value)
    {
        Tensor target = _weights[index].Value;
        if (!target.SameShape(value))
            throw new ArgumentException($"Layer '{Name}' weight '{_weights[index].Name}' has shape {ShapeMath.Format(target.ShapeRef)}, got {ShapeMath.Format(value.ShapeRef)}.");
        target.CopyFrom(value);
    }

    /// <summary>Applies the layer, building it first if needed. <paramref name="training"/> switches layers such as Dropout.</summary>
    public Tensor Call(Tensor inputs, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        // A call outside any model is a pass of its own: its penalties replace the previous call's.
        using ModelPass pass = EnterModel();
        // The sample shape is sliced out (an allocation) only to build or to report a mismatch.
        if (!Built) Build(inputs.ShapeRef[1..]);
        if (InputShape is not null && !InputShape.AsSpan().SequenceEqual(inputs.ShapeRef.AsSpan(1)))
            CheckInputShape(inputs.ShapeRef[1..]);   // also after a build: another thread may have built the layer for another shape
        Tensor outputs = Forward(inputs, training);
        if (ActivityRegularizer is { } regularizer)
        {
            // Keras (layers/layer.py, __call__): the penalty is divided by the batch size (divide_no_nan), so its
            // strength does not depend on how many samples a batch holds.
            Tensor penalty = regularizer.Call(outputs);
            int batch = outputs.Dim(0);
            AddLoss(batch == 0 ? penalty * 0f : penalty / batch);
        }
        return outputs;
    }

    /// <summary>The computation: inputs [batch, …] to outputs [batch, …].</summary>
    protected abstract Tensor Forward(Tensor inputs, bool training);

    private protected void CheckInputShape(int[] featureShape)
    {
        if (InputShape is not null && !ShapeMath.Equal(InputShape, featureShape))
            throw new ArgumentException($"{(this is Model ? "Model" : "Layer")} '{Name}' expects inputs of shape {FormatWithBatch(InputShape)}, got {FormatWithBatch(featureShape)}.");
    }

    internal static string FormatWithBatch(int[] shape) => "(None" + string.Concat(shape.Select(d => ", " + d)) + ")";

    /// <summary>A penalty on the layer's output added to the loss at each call, divided by the batch size, as Keras 3's
    /// <c>activity_regularizer</c> (since 3.14; earlier versions did not divide).</summary>
    public Regularizers.Regularizer? ActivityRegularizer { get => _activityRegularizer; init => _activityRegularizer = value; }

    private Regularizers.Regularizer? _activityRegularizer;

    /// <summary>Reads the settings every layer has from a file's config, after the class built itself from its own keys
    /// (its <c>FromConfig</c>): whether it trains, and its activity regularizer.</summary>
    internal void RestoreCommonConfig(Serialization.KerasConfig config)
    {
        if (config.Has("trainable")) Trainable = config.Bool("trainable", Trainable);
        if (config.Has("activity_regularizer")) _activityRegularizer = config.Regularizer("activity_regularizer");
    }

    // Per thread: a Predict on another thread must not replace the penalty of the batch a training step is on.
    private ThreadLocal<(int Pass, Tensor? Loss)>? _activityLoss;

    /// <summary>Adds a penalty to the loss of the current forward pass, Keras's <c>add_loss</c>: call it in
    /// <see cref="Forward"/> with a scalar tensor (a differentiable one trains the layer towards a smaller penalty).
    /// Every call of the layer in a pass adds its own; the next pass starts afresh.</summary>
    /// <remarks>A tensor of several values adds their sum, as Keras's compute_loss sums each added loss.</remarks>
    protected void AddLoss(Tensor loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (t_inferringShape > 0) return;
        if (loss.Size != 1) loss = loss.Sum();
        ThreadLocal<(int Pass, Tensor? Loss)> slot = LazyInitializer.EnsureInitialized(ref _activityLoss);
        // Keras adds a loss at every call: a layer called twice in one pass of a model (a shared layer) adds both.
        if (slot.Value.Pass == t_pass && slot.Value.Loss is { } earlier) loss = earlier + loss.Reshape([]);
        slot.Value = (t_pass, loss.Rank == 0 ? loss : loss.Reshape([]));
    }

    // Which forward pass of a model this thread is in, so a shared layer's penalties of one pass add up and those of
    // the previous pass are replaced. A pass begins when the outermost model starts a forward.
    [ThreadStatic] private static int t_modelDepth;
    [ThreadStatic] private static int t_pass;

    /// <summary>Marks the start of a model's forward (a new pass when it is the outermost model); dispose at its end.</summary>
    internal static ModelPass EnterModel()
    {
        if (t_modelDepth++ == 0) t_pass++;
        return default;
    }

    /// <summary>The scope of one model's forward, see <see cref="EnterModel"/>.</summary>
    internal readonly struct ModelPass : IDisposable
    {
        public void Dispose() => t_modelDepth--;
    }

    /// <summary>The penalties to add to the loss after a forward pass (Keras's <c>layer.losses</c>): for this layer and
    /// every layer inside it, each once, the penalties on its trainable weights, then those its calls added in the
    /// last pass (activity penalties, AddLoss).</summary>
    public IEnumerable<Tensor> RegularizationLosses()
    {
        foreach (Layer layer in SelfAndInnerLayers())
            foreach (Tensor penalty in layer.OwnPenalties()) yield return penalty;
    }

    private IEnumerable<Tensor> OwnPenalties()
    {
        // Keras regularizes only trainable weights (Layer._get_regularization_losses over trainable_weights).
        if (Trainable)
            foreach (Tensor penalty in WeightRegularizationLosses()) yield return penalty;
        // Only the losses of the pass that just ran: a layer this pass did not call adds nothing (Keras clears them).
        if (_activityLoss?.Value is { Loss: { } added, Pass: var pass } && pass == t_pass) yield return added;
    }

    /// <summary>True when <see cref="RegularizationLosses"/> has anything to give (training skips the enumeration otherwise).</summary>
    internal bool HasRegularizationLosses => HasWeightRegularizers || _activityLoss?.Value.Loss is not null || HasInnerRegularizationLosses();

    private bool HasInnerRegularizationLosses()
    {
        IReadOnlyList<Layer> inner = InnerLayers;
        for (int i = 0; i < inner.Count; i++)
            if (inner[i].HasRegularizationLosses) return true;
        return false;
    }

    /// <summary>True when the layer has weight regularizers (AddWeight's, or a built-in layer's kernel and bias ones).</summary>
    protected virtual bool HasWeightRegularizers => _weightPenalties is not null;

    /// <summary>Penalties on this layer's weights: those given to AddWeight (a built-in layer adds its kernel and bias ones).</summary>
    protected virtual IEnumerable<Tensor> WeightRegularizationLosses()
    {
        if (_weightPenalties is null) yield break;
        foreach (var (weight, regularizer) in _weightPenalties)
            if (weight.RequiresGrad) yield return regularizer.Call(weight);   // a non-trainable weight (state) has none
    }

    /// <summary>The output shape (without the batch axis) for inputs of the given shape. By default it is found by
    /// running the (built) layer on one sample of zeros, without recording gradients, as Keras runs a layer that does not
    /// say on a symbolic tensor.</summary>
    public virtual int[] ComputeOutputShape(int[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (!Built) Build(inputShape);
        t_inferringShape++;
        try
        {
            using (Autograd.Autograd.NoGrad()) return Forward(Tensor.Zeros([1, .. inputShape]), training: false).Shape[1..];
        }
        finally { t_inferringShape--; }
    }

    // While a shape is being inferred, AddLoss records nothing (the zeros are not data).
    [ThreadStatic] private static int t_inferringShape;

    /// <summary>The layer's configuration with Keras's key names; initializers and regularizers appear as objects
    /// (serialized as nested Keras configs when the model is saved).</summary>
    public virtual IDictionary<string, object?> GetConfig()
    {
        var config = new Dictionary<string, object?> { ["name"] = Name, ["trainable"] = Trainable, ["dtype"] = "float32" };
        if (ActivityRegularizer is not null) config["activity_regularizer"] = ActivityRegularizer;
        return config;
    }
}
