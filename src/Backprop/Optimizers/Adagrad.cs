namespace Backprop.Optimizers;

/// <summary>
/// Adagrad, Keras's formula: a ← a + g²; w ← w − lr·g / √(a + ε).
/// Defaults: lr 0.001, initial accumulator 0.1, ε 1e-7.
/// </summary>
public sealed class Adagrad : Optimizer
{
    /// <summary>Creates Adagrad with Keras's defaults.</summary>
    public Adagrad(float learningRate = 0.001f, float initialAccumulatorValue = 0.1f, float epsilon = 1e-7f) : base(learningRate)
    {
        if (initialAccumulatorValue < 0) throw new ArgumentException($"initialAccumulatorValue must be non-negative, got {initialAccumulatorValue}.", nameof(initialAccumulatorValue));
        InitialAccumulatorValue = initialAccumulatorValue;
        Epsilon = PositiveEpsilon(epsilon);
    }

    /// <summary>Starting value of the squared-gradient accumulator.</summary>
    public float InitialAccumulatorValue { get; }
    /// <summary>Added inside the square root.</summary>
    public float Epsilon { get; }
    /// <inheritdoc/>
    public override string Name => "adagrad";
    /// <inheritdoc/>
    protected override int SlotCount => 1;
    /// <inheritdoc/>
    protected override float InitialSlotValue(int slot) => InitialAccumulatorValue;

    /// <inheritdoc/>
    protected override void UpdateStep(Span<float> w, ReadOnlySpan<float> g, SlotSpans slots, float lr)
    {
        Span<float> a = slots[0];
        for (int i = 0; i < w.Length; i++)
        {
            a[i] += g[i] * g[i];
            w[i] -= lr * g[i] / MathF.Sqrt(a[i] + Epsilon);
        }
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["learning_rate"] = LearningRate,
        ["initial_accumulator_value"] = InitialAccumulatorValue,
        ["epsilon"] = Epsilon,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Adagrad FromConfig(Serialization.KerasConfig config) => new(
        learningRate: config.LearningRate(0.001f),
        initialAccumulatorValue: config.Float("initial_accumulator_value", 0.1f),
        epsilon: config.Float("epsilon", 1e-07f));
}
