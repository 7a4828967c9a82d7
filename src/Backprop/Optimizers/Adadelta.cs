namespace Backprop.Optimizers;

/// <summary>
/// Adadelta, Keras's formula: a ← ρ·a + (1 − ρ)·g²; Δ = −√(d + ε)·g / √(a + ε); d ← ρ·d + (1 − ρ)·Δ²;
/// w ← w + lr·Δ. Defaults: lr 0.001, ρ 0.95, ε 1e-7.
/// </summary>
public sealed class Adadelta : Optimizer
{
    /// <summary>Creates Adadelta with Keras's defaults.</summary>
    public Adadelta(float learningRate = 0.001f, float rho = 0.95f, float epsilon = 1e-7f) : base(learningRate)
    {
        Rho = DecayRate(rho, nameof(rho));
        Epsilon = PositiveEpsilon(epsilon);
    }

    /// <summary>Decay of the accumulators.</summary>
    public float Rho { get; }
    /// <summary>Added inside the square roots.</summary>
    public float Epsilon { get; }
    /// <inheritdoc/>
    public override string Name => "adadelta";
    /// <inheritdoc/>
    protected override int SlotCount => 2;

    /// <inheritdoc/>
    protected override void UpdateStep(Span<float> w, ReadOnlySpan<float> g, SlotSpans slots, float lr)
    {
        Span<float> a = slots[0], d = slots[1];
        for (int i = 0; i < w.Length; i++)
        {
            a[i] = Rho * a[i] + (1 - Rho) * g[i] * g[i];
            float delta = -MathF.Sqrt(d[i] + Epsilon) * g[i] / MathF.Sqrt(a[i] + Epsilon);
            d[i] = Rho * d[i] + (1 - Rho) * delta * delta;
            w[i] += lr * delta;
        }
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["learning_rate"] = LearningRate,
        ["rho"] = Rho,
        ["epsilon"] = Epsilon,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Adadelta FromConfig(Serialization.KerasConfig config) => new(
        learningRate: config.LearningRate(0.001f),
        rho: config.Float("rho", 0.95f),
        epsilon: config.Float("epsilon", 1e-07f));
}
