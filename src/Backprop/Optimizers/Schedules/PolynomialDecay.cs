namespace Backprop.Optimizers.Schedules;

/// <summary>
/// (lr₀ − end) · (1 − s / decaySteps)^power + end with s = min(step, decaySteps); with <c>cycle</c> the horizon
/// grows to the next multiple of decaySteps instead (Keras's PolynomialDecay; end 1e-4, power 1 by default).
/// </summary>
public sealed class PolynomialDecay(float initialLearningRate, long decaySteps, float endLearningRate = 0.0001f, float power = 1f, bool cycle = false) : LearningRateSchedule
{
    /// <summary>The rate at step 0.</summary>
    public float InitialLearningRate => initialLearningRate;
    /// <summary>Steps over which the rate decays.</summary>
    public long DecaySteps => _decaySteps;
    /// <summary>The rate at the end of the decay.</summary>
    public float EndLearningRate => endLearningRate;
    /// <summary>Exponent of the polynomial.</summary>
    public float Power => power;
    /// <summary>Whether the decay restarts past DecaySteps.</summary>
    public bool Cycle => cycle;

    private readonly long _decaySteps = decaySteps > 0 ? decaySteps : throw new ArgumentException($"decaySteps must be positive, got {decaySteps}.", nameof(decaySteps));

    /// <inheritdoc/>
    public override float At(long step)
    {
        double horizon = _decaySteps, s = step;
        if (cycle)
        {
            double multiplier = step == 0 ? 1 : Math.Ceiling(step / (double)_decaySteps);
            horizon *= multiplier;
        }
        else s = Math.Min(s, horizon);
        return (float)((initialLearningRate - endLearningRate) * Math.Pow(1 - s / horizon, power) + endLearningRate);
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["initial_learning_rate"] = InitialLearningRate,
        ["decay_steps"] = DecaySteps,
        ["end_learning_rate"] = EndLearningRate,
        ["power"] = Power,
        ["cycle"] = Cycle,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static PolynomialDecay FromConfig(Serialization.KerasConfig config) => new(
        initialLearningRate: config.Float("initial_learning_rate"),
        decaySteps: config.Long("decay_steps"),
        endLearningRate: config.Float("end_learning_rate", 0.0001f),
        power: config.Float("power", 1f),
        cycle: config.Bool("cycle", false));
}
