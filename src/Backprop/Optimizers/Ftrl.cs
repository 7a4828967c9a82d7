namespace Backprop.Optimizers;

/// <summary>
/// FTRL-proximal, Keras's formula with p = learningRatePower (−0.5): g′ = g + 2·shrinkage·w; n′ = n + g²;
/// z ← z + g′ − (n′^(−p) − n^(−p))/lr · w; w ← (clip(z, −l1, l1) − z) / (n′^(−p)/lr + 2·(l2 + β/(2·lr))); n ← n′.
/// Defaults: lr 0.001, power −0.5, initial accumulator 0.1, l1 = l2 = shrinkage = β = 0.
/// </summary>
public sealed class Ftrl : Optimizer
{
    /// <summary>Creates FTRL with Keras's defaults.</summary>
    /// <exception cref="ArgumentException">A setting is out of Keras's range (power &gt; 0, a negative strength or accumulator).</exception>
    public Ftrl(float learningRate = 0.001f, float learningRatePower = -0.5f, float initialAccumulatorValue = 0.1f,
        float l1RegularizationStrength = 0f, float l2RegularizationStrength = 0f, float l2ShrinkageRegularizationStrength = 0f, float beta = 0f) : base(learningRate)
    {
        if (learningRatePower > 0) throw new ArgumentException($"learningRatePower must be ≤ 0, got {learningRatePower}.", nameof(learningRatePower));
        if (initialAccumulatorValue < 0 || l1RegularizationStrength < 0 || l2RegularizationStrength < 0 || l2ShrinkageRegularizationStrength < 0)
            throw new ArgumentException("The initial accumulator and the regularization strengths must be non-negative.");
        LearningRatePower = learningRatePower;
        InitialAccumulatorValue = initialAccumulatorValue;
        L1 = l1RegularizationStrength;
        L2 = l2RegularizationStrength;
        L2Shrinkage = l2ShrinkageRegularizationStrength;
        Beta = beta;
    }

    /// <summary>The power p of the accumulator in the step size.</summary>
    public float LearningRatePower { get; }
    /// <summary>Starting value of the accumulator.</summary>
    public float InitialAccumulatorValue { get; }
    /// <summary>L1 regularization strength.</summary>
    public float L1 { get; }
    /// <summary>L2 regularization strength.</summary>
    public float L2 { get; }
    /// <summary>L2 shrinkage strength.</summary>
    public float L2Shrinkage { get; }
    /// <summary>FTRL's β.</summary>
    public float Beta { get; }
    /// <inheritdoc/>
    public override string Name => "ftrl";
    /// <inheritdoc/>
    protected override int SlotCount => 2;
    /// <inheritdoc/>
    protected override float InitialSlotValue(int slot) => slot == 0 ? InitialAccumulatorValue : 0f;

    /// <inheritdoc/>
    protected override void UpdateStep(Span<float> w, ReadOnlySpan<float> g, SlotSpans slots, float lr)
    {
        Span<float> n = slots[0], z = slots[1];
        double l2 = L2 + Beta / (2.0 * lr), p = -LearningRatePower;
        for (int i = 0; i < w.Length; i++)
        {
            double grad = g[i] + 2 * L2Shrinkage * w[i];
            double next = n[i] + (double)g[i] * g[i];
            z[i] += (float)(grad - (Math.Pow(next, p) - Math.Pow(n[i], p)) / lr * w[i]);
            double quadratic = Math.Pow(next, p) / lr + 2 * l2;
            double clipped = Math.Clamp(z[i], -L1, L1);
            w[i] = (float)((clipped - z[i]) / quadratic);
            n[i] = (float)next;
        }
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["learning_rate"] = LearningRate,
        ["learning_rate_power"] = LearningRatePower,
        ["initial_accumulator_value"] = InitialAccumulatorValue,
        ["l1_regularization_strength"] = L1,
        ["l2_regularization_strength"] = L2,
        ["l2_shrinkage_regularization_strength"] = L2Shrinkage,
        ["beta"] = Beta,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Ftrl FromConfig(Serialization.KerasConfig config) => new(
        learningRate: config.LearningRate(0.001f),
        learningRatePower: config.Float("learning_rate_power", -0.5f),
        initialAccumulatorValue: config.Float("initial_accumulator_value", 0.1f),
        l1RegularizationStrength: config.Float("l1_regularization_strength", 0f),
        l2RegularizationStrength: config.Float("l2_regularization_strength", 0f),
        l2ShrinkageRegularizationStrength: config.Float("l2_shrinkage_regularization_strength", 0f),
        beta: config.Float("beta", 0f));
}
