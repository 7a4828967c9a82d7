namespace Backprop.Optimizers.Schedules;

/// <summary>lr₀ / (1 + rate · step / decaySteps), the ratio floored when <c>staircase</c> (Keras's InverseTimeDecay).</summary>
public sealed class InverseTimeDecay(float initialLearningRate, long decaySteps, float decayRate, bool staircase = false) : LearningRateSchedule
{
    /// <summary>The rate at step 0.</summary>
    public float InitialLearningRate => initialLearningRate;
    /// <summary>The decay's time scale in steps.</summary>
    public long DecaySteps => _decaySteps;
    /// <summary>The decay factor.</summary>
    public float DecayRate => decayRate;
    /// <summary>Whether the step count is floored to whole periods.</summary>
    public bool Staircase => staircase;

    private readonly long _decaySteps = decaySteps > 0 ? decaySteps : throw new ArgumentException($"decaySteps must be positive, got {decaySteps}.", nameof(decaySteps));

    /// <inheritdoc/>
    public override float At(long step)
    {
        double p = (double)step / _decaySteps;
        if (staircase) p = Math.Floor(p);
        return (float)(initialLearningRate / (1 + decayRate * p));
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["initial_learning_rate"] = InitialLearningRate,
        ["decay_steps"] = DecaySteps,
        ["decay_rate"] = DecayRate,
        ["staircase"] = Staircase,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static InverseTimeDecay FromConfig(Serialization.KerasConfig config) => new(
        initialLearningRate: config.Float("initial_learning_rate"),
        decaySteps: config.Long("decay_steps"),
        decayRate: config.Float("decay_rate"),
        staircase: config.Bool("staircase", false));
}
