namespace Backprop.Optimizers.Schedules;

/// <summary>
/// Keras's CosineDecay with optional linear warm-up: during the first <c>warmupSteps</c> the rate goes linearly
/// from lr₀ to <c>warmupTarget</c>; then over <c>decaySteps</c> it follows target · ((1 − α)·½(1 + cos(π·s/decaySteps)) + α).
/// </summary>
public sealed class CosineDecay(float initialLearningRate, long decaySteps, float alpha = 0f, float? warmupTarget = null, long warmupSteps = 0) : LearningRateSchedule
{
    /// <summary>The rate at step 0 (or where the warm-up starts).</summary>
    public float InitialLearningRate => initialLearningRate;
    /// <summary>Steps over which the rate decays.</summary>
    public long DecaySteps => _decaySteps;
    /// <summary>The floor, as a fraction of the initial rate.</summary>
    public float Alpha => alpha;
    /// <summary>The rate the linear warm-up reaches, or null for no warm-up.</summary>
    public float? WarmupTarget => warmupTarget;
    /// <summary>Length of the warm-up.</summary>
    public long WarmupSteps => warmupSteps;

    private readonly long _decaySteps = decaySteps > 0 ? decaySteps : throw new ArgumentException($"decaySteps must be positive, got {decaySteps}.", nameof(decaySteps));

    /// <inheritdoc/>
    public override float At(long step)
    {
        if (warmupTarget is { } target && step < warmupSteps)
            return (float)(initialLearningRate + (target - initialLearningRate) * (step / (double)warmupSteps));
        double start = warmupTarget ?? initialLearningRate;
        double s = Math.Min(step - (warmupTarget is null ? 0 : warmupSteps), _decaySteps);
        double cosine = 0.5 * (1 + Math.Cos(Math.PI * s / _decaySteps));
        return (float)(start * ((1 - alpha) * cosine + alpha));
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["initial_learning_rate"] = InitialLearningRate,
        ["decay_steps"] = DecaySteps,
        ["alpha"] = Alpha,
        ["warmup_target"] = WarmupTarget,
        ["warmup_steps"] = WarmupSteps,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static CosineDecay FromConfig(Serialization.KerasConfig config) => new(
        initialLearningRate: config.Float("initial_learning_rate"),
        decaySteps: config.Long("decay_steps"),
        alpha: config.Float("alpha", 0f),
        warmupTarget: config.NullableFloat("warmup_target", null),
        warmupSteps: config.Long("warmup_steps", 0L));
}
