namespace Backprop.Optimizers;

/// <summary>
/// RMSprop, Keras 3's formula: v ← ρ·v + (1 − ρ)·g²; (centered: ḡ ← ρ·ḡ + (1 − ρ)·g, and v − ḡ² is used);
/// step = lr·g / √(v + ε) — ε inside the root, unlike PyTorch; with momentum m ← momentum·m + step and
/// w ← w − m, else w ← w − step. Defaults: lr 0.001, ρ 0.9, momentum 0, ε 1e-7, not centered.
/// </summary>
public sealed class RMSprop : Optimizer
{
    /// <summary>RMSprop with Keras's other defaults and a learning rate written as Keras code writes it, a double
    /// (<c>new RMSprop(0.001)</c>).</summary>
    public RMSprop(double learningRate) : this((float)learningRate) { }

    /// <summary>Creates RMSprop with Keras's defaults.</summary>
    public RMSprop(float learningRate = 0.001f, float rho = 0.9f, float momentum = 0f, float epsilon = 1e-7f, bool centered = false) : base(learningRate)
    {
        if (!(rho >= 0 && rho < 1)) throw new ArgumentException($"rho must be in [0, 1), got {rho}.", nameof(rho));
        Rho = rho;
        Momentum = DecayRate(momentum, nameof(momentum));
        Epsilon = PositiveEpsilon(epsilon);
        Centered = centered;
    }

    /// <summary>Decay of the moving average of squared gradients.</summary>
    public float Rho { get; }
    /// <summary>Momentum factor.</summary>
    public float Momentum { get; }
    /// <summary>Added inside the square root.</summary>
    public float Epsilon { get; }
    /// <summary>Whether the variance estimate is centred by the mean gradient.</summary>
    public bool Centered { get; }
    /// <inheritdoc/>
    public override string Name => "rmsprop";
    /// <inheritdoc/>
    protected override int SlotCount => 3;
    /// <inheritdoc/>
    protected override bool UsesSlot(int slot) => slot == 0 || (slot == 1 && Momentum > 0) || (slot == 2 && Centered);

    /// <inheritdoc/>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    protected override void UpdateStep(Span<float> w, ReadOnlySpan<float> g, SlotSpans slots, float lr)
    {
        Span<float> v = slots[0], m = slots[1], mean = slots[2];
        float rho = Rho, oneMinusRho = 1 - Rho;
        int start = 0;
        if (!Centered && Momentum == 0) start = Kernels.KernelBackend.Current.RmspropPlainStep(w, g, v, Rho, Epsilon, lr);
        for (int i = start; i < w.Length; i++)
        {
            float gi = g[i];
            v[i] = rho * v[i] + oneMinusRho * gi * gi;
            float denominator;
            if (Centered)
            {
                mean[i] = rho * mean[i] + oneMinusRho * gi;
                denominator = v[i] - mean[i] * mean[i] + Epsilon;
            }
            else denominator = v[i] + Epsilon;
            float increment = lr * gi / MathF.Sqrt(denominator);
            if (Momentum > 0)
            {
                m[i] = Momentum * m[i] + increment;
                w[i] -= m[i];
            }
            else w[i] -= increment;
        }
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["learning_rate"] = LearningRate,
        ["rho"] = Rho,
        ["momentum"] = Momentum,
        ["epsilon"] = Epsilon,
        ["centered"] = Centered,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static RMSprop FromConfig(Serialization.KerasConfig config) => new(
        learningRate: config.LearningRate(0.001f),
        rho: config.Float("rho", 0.9f),
        momentum: config.Float("momentum", 0f),
        epsilon: config.Float("epsilon", 1e-07f),
        centered: config.Bool("centered", false));
}
