namespace Backprop.Optimizers;

/// <summary>
/// Nadam (Adam with Nesterov momentum), Keras's formula: with μₜ = β₁(1 − ½·0.96ᵗ) and Πμ the running product,
/// m ← m + (g − m)(1 − β₁); v ← v + (g² − v)(1 − β₂); m̂ = μₜ₊₁·m/(1 − Πμ·μₜ₊₁) + (1 − μₜ)·g/(1 − Πμ);
/// v̂ = v/(1 − β₂ᵗ); w ← w − lr·m̂/(√v̂ + ε). Defaults: lr 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7.
/// </summary>
public sealed class Nadam : Optimizer
{
    private double _uProduct = 1;

    /// <summary>Creates Nadam with Keras's defaults.</summary>
    public Nadam(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f) : base(learningRate)
    {
        Beta1 = DecayRate(beta1, nameof(beta1));
        Beta2 = DecayRate(beta2, nameof(beta2));
        Epsilon = PositiveEpsilon(epsilon);
    }

    /// <summary>Decay of the first moment.</summary>
    public float Beta1 { get; }
    /// <summary>Decay of the second moment.</summary>
    public float Beta2 { get; }
    /// <summary>Added to the root of the second moment.</summary>
    public float Epsilon { get; }
    /// <inheritdoc/>
    public override string Name => "nadam";
    /// <inheritdoc/>
    protected override int SlotCount => 2;

    private double Mu(long step) => Beta1 * (1 - 0.5 * Math.Pow(0.96, step));

    /// <inheritdoc/>
    protected override void BeginStep() => _uProduct *= Mu(Iterations + 1);

    /// <summary>Recomputes Πμ with the same multiplications in the same order as the steps made them, so it is bit-identical.</summary>
    protected override void OnStateRestored()
    {
        _uProduct = 1;
        for (long t = 1; t <= Iterations; t++) _uProduct *= Mu(t);
    }

    /// <inheritdoc/>
    protected override void UpdateStep(Span<float> w, ReadOnlySpan<float> g, SlotSpans slots, float lr)
    {
        long t = Iterations + 1;
        double uT = Mu(t), uNext = Mu(t + 1), productNext = _uProduct * uNext;
        double beta2Power = Math.Pow(Beta2, t);
        Span<float> m = slots[0], v = slots[1];
        for (int i = 0; i < w.Length; i++)
        {
            m[i] += (g[i] - m[i]) * (1 - Beta1);
            v[i] += (g[i] * g[i] - v[i]) * (1 - Beta2);
            double mHat = uNext * m[i] / (1 - productNext) + (1 - uT) * g[i] / (1 - _uProduct);
            double vHat = v[i] / (1 - beta2Power);
            w[i] -= (float)(mHat * lr / (Math.Sqrt(vHat) + Epsilon));
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
    internal static Nadam FromConfig(Serialization.KerasConfig config) => new(
        learningRate: config.LearningRate(0.001f),
        beta1: config.Float("beta_1", 0.9f),
        beta2: config.Float("beta_2", 0.999f),
        epsilon: config.Float("epsilon", 1e-07f));
}
