namespace Backprop.Optimizers;

/// <summary>
/// A Keras optimizer. The base class owns the learning rate, the iteration count and the loop over
/// variables; each optimizer declares its slots (per-variable state, zero-initialised unless
/// <see cref="InitialSlotValue"/> says otherwise) and writes <see cref="UpdateStep"/>.
/// </summary>
public abstract class Optimizer
{
    private readonly Dictionary<Tensor, float[][]> _slots = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates an optimizer with a learning rate.</summary>
    protected Optimizer(float learningRate)
    {
        if (!(learningRate > 0) || float.IsInfinity(learningRate))
            throw new ArgumentException($"The learning rate must be a positive number, got {learningRate}.", nameof(learningRate));
        LearningRate = learningRate;
    }

    /// <summary>Keras's name (used in configs).</summary>
    public abstract string Name { get; }

    /// <summary>The step size.</summary>
    public float LearningRate { get; set; }

    /// <summary>Number of updates applied so far (Keras's <c>optimizer.iterations</c>).</summary>
    public long Iterations { get; private set; }

    /// <summary>Number of state arrays kept per variable.</summary>
    protected abstract int SlotCount { get; }

    /// <summary>The value a slot starts at (0 unless overridden, e.g. Adagrad's accumulator).</summary>
    protected virtual float InitialSlotValue(int slot) => 0f;

    /// <summary>Updates one variable in place from its gradient, reading and writing its slots.
    /// <see cref="Iterations"/> counts the steps before this one.</summary>
    protected abstract void UpdateStep(Span<float> variable, ReadOnlySpan<float> gradient, float[][] slots, float learningRate);

    /// <summary>Applies one step to each variable with the matching gradient (Keras's <c>apply(grads, vars)</c>).</summary>
    /// <exception cref="ArgumentException">The lists differ in length or a gradient's shape differs from its variable's.</exception>
    public void Apply(IReadOnlyList<Tensor> gradients, IReadOnlyList<Tensor> variables)
    {
        if (gradients.Count != variables.Count)
            throw new ArgumentException($"Got {gradients.Count} gradients for {variables.Count} variables.");
        for (int i = 0; i < variables.Count; i++)
        {
            if (!gradients[i].SameShape(variables[i]))
                throw new ArgumentException($"Gradient {i} has shape {ShapeMath.Format(gradients[i].ShapeRef)} but its variable has {ShapeMath.Format(variables[i].ShapeRef)}.");
            UpdateStep(variables[i].Span, gradients[i].Span, SlotsOf(variables[i]), LearningRate);
        }
        Iterations++;
    }

    /// <summary>Applies one step using each variable's <see cref="Tensor.Grad"/> (variables without a gradient are skipped), then leaves the gradients for the caller to clear.</summary>
    public void Apply(IReadOnlyList<Tensor> variables)
    {
        foreach (Tensor v in variables)
            if (v.Grad is not null) UpdateStep(v.Span, v.Grad.Span, SlotsOf(v), LearningRate);
        Iterations++;
    }

    private float[][] SlotsOf(Tensor variable)
    {
        if (_slots.TryGetValue(variable, out float[][]? slots)) return slots;
        slots = new float[SlotCount][];
        for (int s = 0; s < SlotCount; s++)
        {
            slots[s] = new float[variable.Size];
            float initial = InitialSlotValue(s);
            if (initial != 0f) Array.Fill(slots[s], initial);
        }
        _slots[variable] = slots;
        return slots;
    }

    /// <summary>Looks up an optimizer by Keras name, with Keras's defaults.</summary>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known ones.</exception>
    public static Optimizer Get(string name) => name.ToLowerInvariant() switch
    {
        "sgd" => new SGD(),
        "rmsprop" => new RMSprop(),
        "adagrad" => new Adagrad(),
        "adam" => new Adam(),
        _ => throw new ArgumentException($"Unknown optimizer '{name}'. Known optimizers: sgd, rmsprop, adagrad, adam.", nameof(name)),
    };
}
