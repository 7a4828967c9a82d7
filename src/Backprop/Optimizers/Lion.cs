namespace Backprop.Optimizers;

/// <summary>
/// Lion (Chen et al., 2023), Keras's formula: w ← w − lr·sign(β₁·m + (1 − β₁)·g); then m ← β₂·m + (1 − β₂)·g.
/// Defaults: lr 0.001, β₁ 0.9, β₂ 0.99.
/// </summary>
public sealed class Lion : Optimizer
{
    /// <summary>Creates Lion with Keras's defaults.</summary>
    /// <exception cref="ArgumentException">β₁ is outside (0, 1] (Lion would degenerate to sign SGD).</exception>
    public Lion(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.99f) : base(learningRate)
    {
        if (beta1 <= 0 || beta1 > 1)
            throw new ArgumentException($"beta1 must be in (0, 1]; otherwise the optimizer degenerates to sign SGD. Got {beta1}.", nameof(beta1));
        Beta1 = beta1;
        Beta2 = beta2;
    }

    /// <summary>Interpolation used for the update direction.</summary>
    public float Beta1 { get; }
    /// <summary>Decay of the momentum.</summary>
    public float Beta2 { get; }
    /// <inheritdoc/>
    public override string Name => "lion";
    /// <inheritdoc/>
    protected override int SlotCount => 1;

    /// <inheritdoc/>
    protected override void UpdateStep(Span<float> w, ReadOnlySpan<float> g, SlotSpans slots, float lr)
    {
        Span<float> m = slots[0];
        for (int i = 0; i < w.Length; i++)
        {
            w[i] -= lr * Sign(m[i] * Beta1 + g[i] * (1 - Beta1));
            m[i] = m[i] * Beta2 + g[i] * (1 - Beta2);
        }
    }

    // MathF.Sign throws on NaN; Keras's ops.sign gives NaN, so a NaN gradient makes NaN weights (TerminateOnNaN's job).
    private static float Sign(float x) => x > 0 ? 1f : x < 0 ? -1f : x;

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["learning_rate"] = LearningRate,
        ["beta_1"] = Beta1,
        ["beta_2"] = Beta2,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Lion FromConfig(Serialization.KerasConfig config) => new(
        learningRate: config.LearningRate(0.001f),
        beta1: config.Float("beta_1", 0.9f),
        beta2: config.Float("beta_2", 0.99f));
}
