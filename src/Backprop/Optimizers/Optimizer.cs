using Backprop.Ops;

namespace Backprop.Optimizers;

/// <summary>
/// A Keras optimizer. The base class owns the learning rate, the iteration count and the loop over
/// variables; each optimizer declares its slots (per-variable state, zero-initialised unless
/// <see cref="InitialSlotValue"/> says otherwise) and writes <see cref="UpdateStep"/>.
/// </summary>
public abstract class Optimizer
{
    private readonly Dictionary<Tensor, float[][]> _slots = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Tensor> _noWeightDecay = new(ReferenceEqualityComparer.Instance);
    private float? _clipNorm, _clipValue, _globalClipNorm;

    /// <summary>Creates an optimizer with a learning rate.</summary>
    protected Optimizer(float learningRate)
    {
        if (!(learningRate > 0) || float.IsInfinity(learningRate))
            throw new ArgumentException($"The learning rate must be a positive number, got {learningRate}.", nameof(learningRate));
        LearningRate = learningRate;
    }

    /// <summary>Checks a decay rate (β, ρ): in [0, 1). At 1 the moments never move and Adam's bias correction 1 − βᵗ is 0.</summary>
    /// <exception cref="ArgumentException">Outside [0, 1), or NaN.</exception>
    protected static float DecayRate(float value, string name) =>
        value >= 0 && value < 1 ? value : throw new ArgumentException($"{name} must be in [0, 1), got {value}.", name);

    /// <summary>Checks an ε added to a denominator: positive and finite, or a zero second moment divides 0 by 0.</summary>
    /// <exception cref="ArgumentException">Not positive and finite.</exception>
    protected static float PositiveEpsilon(float value, string name = "epsilon") =>
        value > 0 && float.IsFinite(value) ? value : throw new ArgumentException($"{name} must be a positive finite number (it keeps the update's denominator above 0), got {value}.", name);

    /// <summary>Keras's name (used in configs).</summary>
    public abstract string Name { get; }

    /// <summary>The step size (when a <see cref="Schedule"/> is set, its value at the current step).</summary>
    public float LearningRate
    {
        get => Schedule?.At(Iterations) ?? _learningRate;
        set
        {
            if (Schedule is not null)
                throw new InvalidOperationException("This optimizer's learning rate comes from its Schedule; it cannot be set directly.");
            // 0 is allowed here (a callback may pause training, as Keras allows); NaN, negative and infinite rates would
            // wreck the weights (and a NaN could not even be saved).
            if (!(value >= 0) || float.IsInfinity(value))
                throw new ArgumentException($"The learning rate must be a finite number ≥ 0, got {value}.", nameof(value));
            _learningRate = value;
        }
    }

    private float _learningRate;

    /// <summary>A learning-rate schedule evaluated at each step, as when Keras's <c>learning_rate</c> is a LearningRateSchedule.</summary>
    public Schedules.LearningRateSchedule? Schedule { get => _schedule; init => _schedule = value; }

    private Schedules.LearningRateSchedule? _schedule;
    private float? _weightDecay;

    /// <summary>Keras's <c>get_config</c>: the name, the optimizer's own hyper-parameters (<see cref="OwnConfig"/>), then the
    /// settings every optimizer has (a schedule in place of the learning rate, weight decay, clipping).</summary>
    public IDictionary<string, object?> GetConfig()
    {
        var config = new Dictionary<string, object?> { ["name"] = Name };
        foreach (var (key, value) in OwnConfig()) config[key] = value;
        if (Schedule is not null) config["learning_rate"] = Schedule;
        config["weight_decay"] = WeightDecay;
        config["clipnorm"] = ClipNorm;
        config["global_clipnorm"] = GlobalClipNorm;
        config["clipvalue"] = ClipValue;
        return config;
    }

    /// <summary>This class's own settings under Keras's keys, in the order its files list them (each library class
    /// writes its own: a renamed C# parameter never changes a file). A class of the user's that does not override it
    /// is read from its constructor's parameters, as Keras's default <c>cls(**config)</c> is.</summary>
    protected virtual IDictionary<string, object?> OwnConfig() => Serialization.KerasConfigWriter.ConstructorConfig(this);

    /// <summary>Reads the settings every optimizer has from a file's config, after the class built itself from its own keys.</summary>
    internal void RestoreCommonConfig(Serialization.KerasConfig config)
    {
        _schedule = config.Schedule();
        if (config.Has("weight_decay")) _weightDecay = config.NullableFloat("weight_decay", null);
        if (config.Has("clipnorm")) _clipNorm = OnlyClipping(config.NullableFloat("clipnorm", null), nameof(ClipNorm));
        if (config.Has("global_clipnorm")) _globalClipNorm = OnlyClipping(config.NullableFloat("global_clipnorm", null), nameof(GlobalClipNorm));
        if (config.Has("clipvalue")) _clipValue = OnlyClipping(config.NullableFloat("clipvalue", null), nameof(ClipValue));
    }

    /// <summary>Number of updates applied so far (Keras's <c>optimizer.iterations</c>).</summary>
    public long Iterations { get; private set; }

    /// <summary>Decoupled weight decay, Keras's form: before each step, w ← w − w·weightDecay·lr. Null for none.</summary>
    public float? WeightDecay { get => _weightDecay; init => _weightDecay = value; }

    /// <summary>Clip each gradient to this L2 norm: g·c / max(‖g‖, c). Only one of the three clipping settings may be set.</summary>
    public float? ClipNorm { get => _clipNorm; init => _clipNorm = OnlyClipping(value, nameof(ClipNorm)); }

    /// <summary>Clip each gradient element to [−c, c].</summary>
    public float? ClipValue { get => _clipValue; init => _clipValue = OnlyClipping(value, nameof(ClipValue)); }

    /// <summary>Scale all gradients together so their global L2 norm is at most c.</summary>
    public float? GlobalClipNorm { get => _globalClipNorm; init => _globalClipNorm = OnlyClipping(value, nameof(GlobalClipNorm)); }

    private float? OnlyClipping(float? value, string name)
    {
        int set = (_clipNorm is null ? 0 : 1) + (_clipValue is null ? 0 : 1) + (_globalClipNorm is null ? 0 : 1);
        if (value is not null && set > 0)
            throw new ArgumentException($"Only one of ClipNorm, ClipValue and GlobalClipNorm can be set, as in Keras; {name} was given too.");
        if (value is <= 0) throw new ArgumentException($"{name} must be positive, got {value}.");
        return value;
    }

    /// <summary>Leaves these variables out of <see cref="WeightDecay"/> (Keras's <c>exclude_from_weight_decay(var_list)</c>).</summary>
    public void ExcludeFromWeightDecay(IEnumerable<Tensor> variables)
    {
        foreach (Tensor v in variables) _noWeightDecay.Add(v);
    }

    /// <summary>Number of state arrays kept per variable.</summary>
    protected abstract int SlotCount { get; }

    /// <summary>Called once per step before the variables are updated (Nadam advances its momentum-schedule product here).</summary>
    protected virtual void BeginStep() { }

    /// <summary>Whether a slot is used with this configuration (RMSprop's momentum slot only with momentum); an unused slot
    /// is an empty array, costs no memory and is not saved — as Keras creates only the variables a configuration needs.</summary>
    protected virtual bool UsesSlot(int slot) => true;

    /// <summary>The value a slot starts at (0 unless overridden, e.g. Adagrad's accumulator).</summary>
    protected virtual float InitialSlotValue(int slot) => 0f;

    /// <summary>Updates a variable (or a contiguous chunk of one: large variables are updated in parallel chunks, so the
    /// update must be element-wise) in place from its gradient, reading and writing its slots over the same elements.
    /// <see cref="Iterations"/> counts the steps before this one.</summary>
    protected abstract void UpdateStep(Span<float> variable, ReadOnlySpan<float> gradient, SlotSpans slots, float learningRate);

    /// <summary>Applies one step to each variable with the matching gradient (Keras's <c>apply(grads, vars)</c>).</summary>
    /// <exception cref="ArgumentException">The lists differ in length or a gradient's shape differs from its variable's.</exception>
    public void Apply(IReadOnlyList<Tensor> gradients, IReadOnlyList<Tensor> variables)
    {
        if (gradients.Count != variables.Count)
            throw new ArgumentException($"Got {gradients.Count} gradients for {variables.Count} variables.");
        for (int i = 0; i < variables.Count; i++)
            if (!gradients[i].SameShape(variables[i]))
                throw new ArgumentException($"Gradient {i} has shape {ShapeMath.Format(gradients[i].ShapeRef)} but its variable has {ShapeMath.Format(variables[i].ShapeRef)}.");
        Step(variables, gradients);
    }

    // Keras's apply: clip the gradients, decay the weights, then each optimizer's update step.
    /// <summary>One update with <paramref name="gradients"/>, or each variable's own Grad when null (no delegate: a step allocates nothing).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Step(IReadOnlyList<Tensor> variables, IReadOnlyList<Tensor>? gradients)
    {
        Tensor? gradientOf(int i) => gradients is null ? variables[i].Grad : gradients[i];
        float rate = LearningRate;
        BeginStep();
        float? globalScale = null;
        if (_globalClipNorm is { } global)
        {
            double squares = 0;
            for (int i = 0; i < variables.Count; i++)
                if (gradientOf(i) is { } g) squares += Ops.ReductionOps.SumOfSquares(g);
            double norm = Math.Sqrt(squares);
            globalScale = (float)(global * Math.Min(1 / norm, 1 / (double)global));
        }
        OptimizerOps update = _update ??= new OptimizerOps(new ChunkUpdater(this));
        update.Begin(rate);
        for (int i = 0; i < variables.Count; i++)
        {
            Tensor? gradient = gradientOf(i);
            if (gradient is null) continue;
            if (WeightDecay is { } decay && !_noWeightDecay.Contains(variables[i])) Ops.StateOps.Decay(variables[i], decay * rate);
            update.Add(variables[i], gradient, SlotsOf(variables[i]), _clipNorm, _clipValue, globalScale);
        }
        update.Run();
        Iterations++;
    }

    private OptimizerOps? _update;

    /// <summary>Hands each chunk of the parallel update to <see cref="UpdateStep"/> (a class of its own, so that the kernel's
    /// callback interface is not part of Optimizer's public face).</summary>
    private sealed class ChunkUpdater(Optimizer owner) : Kernels.IChunkUpdate
    {
        public void UpdateChunk(Span<float> variable, ReadOnlySpan<float> gradient, float[][] slots, int start, int length, float learningRate) =>
            owner.UpdateStep(variable, gradient, new SlotSpans(slots, start, length), learningRate);
    }

    /// <summary>Applies one step using each variable's <see cref="Tensor.Grad"/> (variables without a gradient are skipped), then leaves the gradients for the caller to clear.</summary>
    public void Apply(IReadOnlyList<Tensor> variables) => Step(variables, null);

    private float[][] SlotsOf(Tensor variable)
    {
        if (_slots.TryGetValue(variable, out float[][]? slots)) return slots;
        slots = new float[SlotCount][];
        for (int s = 0; s < SlotCount; s++)
        {
            slots[s] = UsesSlot(s) ? new float[variable.Size] : [];
            float initial = InitialSlotValue(s);
            if (initial != 0f) Array.Fill(slots[s], initial);
        }
        _slots[variable] = slots;
        return slots;
    }

    /// <summary>The state to save with a model: each variable's slots, in slot order (created as a first step would if missing).</summary>
    internal IReadOnlyList<float[]> ExportSlots(IReadOnlyList<Tensor> variables) =>
        variables.SelectMany(v => SlotsOf(v).Where((_, s) => UsesSlot(s))).ToArray();

    /// <summary>Restores what <see cref="ExportSlots"/> saved, with the iteration count and (when no schedule) the learning rate.</summary>
    /// <exception cref="ArgumentException">The slot count or a slot's length does not fit the variables.</exception>
    internal void RestoreState(long iterations, float? learningRate, IReadOnlyList<Tensor> variables, IReadOnlyList<float[]> slots)
    {
        int[] used = Enumerable.Range(0, SlotCount).Where(UsesSlot).ToArray();
        if (slots.Count != variables.Count * used.Length)
            throw new ArgumentException($"{Name} keeps {used.Length} slots for each of {variables.Count} variables ({variables.Count * used.Length}), the saved state has {slots.Count}.");
        for (int i = 0; i < slots.Count; i++)
        {
            Tensor variable = variables[i / used.Length];
            if (slots[i].Length != variable.Size)
                throw new ArgumentException($"{Name} slot {i} has {slots[i].Length} values, its variable {ShapeMath.Format(variable.ShapeRef)} has {variable.Size}.");
        }
        for (int v = 0; v < variables.Count; v++)
        {
            var restored = new float[SlotCount][];
            for (int s = 0; s < SlotCount; s++) restored[s] = [];
            for (int k = 0; k < used.Length; k++) restored[used[k]] = (float[])slots[v * used.Length + k].Clone();
            _slots[variables[v]] = restored;
        }
        if (iterations < 0) throw new ArgumentException($"The iteration count must be non-negative, got {iterations}.");
        Iterations = iterations;
        if (learningRate is { } rate && Schedule is null) LearningRate = rate;
        OnStateRestored();
    }

    /// <summary>Called after <see cref="RestoreState"/> so an optimizer can rebuild state derived from <see cref="Iterations"/>.</summary>
    protected virtual void OnStateRestored() { }

    /// <summary>Looks up an optimizer by Keras name, with Keras's defaults.</summary>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known ones.</exception>
    public static Optimizer Get(string name) => name.ToLowerInvariant() switch
    {
        "sgd" => new SGD(),
        "rmsprop" => new RMSprop(),
        "adagrad" => new Adagrad(),
        "adam" => new Adam(),
        "adamw" => new AdamW(),
        "adamax" => new Adamax(),
        "lion" => new Lion(),
        "nadam" => new Nadam(),
        "adadelta" => new Adadelta(),
        "ftrl" => new Ftrl(),
        _ => throw new ArgumentException($"Unknown optimizer '{name}'. Known optimizers: sgd, rmsprop, adagrad, adam, adamw, adamax, nadam, adadelta, lion, ftrl.", nameof(name)),
    };
}
