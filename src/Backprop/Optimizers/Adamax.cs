namespace Backprop.Optimizers;

/// <summary>
/// Adamax (Adam with the infinity norm), Keras's formula at step t: m ← m + (g − m)(1 − β₁);
/// u ← max(β₂·u, |g|); w ← w − lr·m / ((1 − β₁ᵗ)(u + ε)). Defaults: lr 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7.
/// </summary>
public sealed class Adamax : Optimizer
{
    /// <summary>Creates Adamax with Keras's defaults.</summary>
    public Adamax(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f) : base(learningRate)
    {
        Beta1 = DecayRate(beta1, nameof(beta1));
        Beta2 = DecayRate(beta2, nameof(beta2));
        Epsilon = PositiveEpsilon(epsilon);
    }

    /// <summary>Decay of the first moment.</summary>
    public float Beta1 { get; }
    /// <summary>Decay of the infinity norm.</summary>
    public float Beta2 { get; }
    /// <summary>Added to the norm.</summary>
    public float Epsilon { get; }
    /// <inheritdoc/>
    public override string Name => "adamax";
    /// <inheritdoc/>
    protected override int SlotCount => 2;

    /// <inheritdoc/>
    protected override void UpdateStep(Span<float> w, ReadOnlySpan<float> g, SlotSpans slots, float lr)
    {
        float beta1Power = MathF.Pow(Beta1, Iterations + 1);
        Span<float> m = slots[0], u = slots[1];
        for (int i = 0; i < w.Length; i++)
        {
            m[i] += (g[i] - m[i]) * (1 - Beta1);
            u[i] = MathF.Max(Beta2 * u[i], MathF.Abs(g[i]));
            w[i] -= lr * m[i] / ((1 - beta1Power) * (u[i] + Epsilon));
        }
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["learning_rate"] = LearningRate,
        ["beta_1"] = Beta1,
        ["beta_2"] = Beta2,
        ["epsilon"] = Epsilon,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Adamax FromConfig(Serialization.KerasConfig config) => new(
        learningRate: config.LearningRate(0.001f),
        beta1: config.Float("beta_1", 0.9f),
        beta2: config.Float("beta_2", 0.999f),
        epsilon: config.Float("epsilon", 1e-07f));
}
