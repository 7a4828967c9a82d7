namespace Backprop.Optimizers;

/// <summary>
/// Adam, Keras's formula at step t (1-based): α = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ); m ← m + (g − m)(1 − β₁);
/// v ← v + (g² − v)(1 − β₂); (amsgrad: v̂ ← max(v̂, v) is used for v); w ← w − α·m/(√v + ε).
/// Defaults: lr 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7, amsgrad false.
/// </summary>
public class Adam : Optimizer
{
    /// <summary>Adam with Keras's other defaults and a learning rate written as Keras code writes it, a double
    /// (<c>new Adam(0.001)</c>).</summary>
    public Adam(double learningRate) : this((float)learningRate) { }

    /// <summary>Creates Adam with Keras's defaults.</summary>
    public Adam(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f, bool amsgrad = false) : base(learningRate)
    {
        Beta1 = DecayRate(beta1, nameof(beta1));
        Beta2 = DecayRate(beta2, nameof(beta2));
        Epsilon = PositiveEpsilon(epsilon);
        Amsgrad = amsgrad;
    }

    /// <summary>Decay of the first moment.</summary>
    public float Beta1 { get; }
    /// <summary>Decay of the second moment.</summary>
    public float Beta2 { get; }
    /// <summary>Added to the root of the second moment.</summary>
    public float Epsilon { get; }
    /// <summary>Whether the maximum of past second moments is used.</summary>
    public bool Amsgrad { get; }
    /// <inheritdoc/>
    public override string Name => "adam";

    /// <summary>Adam's step for one variable; shared with <see cref="AdamW"/>.</summary>
    /// <inheritdoc/>
    protected override int SlotCount => Amsgrad ? 3 : 2;

    /// <inheritdoc/>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    protected override void UpdateStep(Span<float> w, ReadOnlySpan<float> g, SlotSpans slots, float lr)
    {
        long step = Iterations + 1;
        float beta1Power = MathF.Pow(Beta1, step), beta2Power = MathF.Pow(Beta2, step);
        float alpha = lr * MathF.Sqrt(1 - beta2Power) / (1 - beta1Power);
        Span<float> m = slots[0], v = slots[1], vHat = Amsgrad ? slots[2] : [];
        for (int i = 0; i < w.Length; i++)
        {
            m[i] += (g[i] - m[i]) * (1 - Beta1);
            v[i] += (g[i] * g[i] - v[i]) * (1 - Beta2);
            float second = v[i];
            if (Amsgrad)
            {
                vHat[i] = MathF.Max(vHat[i], v[i]);
                second = vHat[i];
            }
            w[i] -= alpha * m[i] / (MathF.Sqrt(second) + Epsilon);
        }
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["learning_rate"] = LearningRate,
        ["beta_1"] = Beta1,
        ["beta_2"] = Beta2,
        ["epsilon"] = Epsilon,
        ["amsgrad"] = Amsgrad,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Adam FromConfig(Serialization.KerasConfig config) => new(
        learningRate: config.LearningRate(0.001f),
        beta1: config.Float("beta_1", 0.9f),
        beta2: config.Float("beta_2", 0.999f),
        epsilon: config.Float("epsilon", 1e-07f),
        amsgrad: config.Bool("amsgrad", false));
}
