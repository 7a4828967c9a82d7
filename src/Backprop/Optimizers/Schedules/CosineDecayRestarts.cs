namespace Backprop.Optimizers.Schedules;

/// <summary>
/// Cosine decay with warm restarts (SGDR), Keras's CosineDecayRestarts: periods grow by <c>tMul</c>, each
/// restart's peak is scaled by <c>mMul</c>; defaults tMul 2, mMul 1, α 0.
/// </summary>
public sealed class CosineDecayRestarts(float initialLearningRate, long firstDecaySteps, float tMul = 2f, float mMul = 1f, float alpha = 0f) : LearningRateSchedule
{
    /// <summary>The rate at step 0.</summary>
    public float InitialLearningRate => initialLearningRate;
    /// <summary>Length of the first period.</summary>
    public long FirstDecaySteps => _firstDecaySteps;
    /// <summary>Factor on each later period's length.</summary>
    public float TMul => tMul;
    /// <summary>Factor on each later period's starting rate.</summary>
    public float MMul => mMul;
    /// <summary>The floor, as a fraction of the initial rate.</summary>
    public float Alpha => alpha;

    private readonly long _firstDecaySteps = firstDecaySteps > 0 ? firstDecaySteps : throw new ArgumentException($"firstDecaySteps must be positive, got {firstDecaySteps}.", nameof(firstDecaySteps));

    /// <inheritdoc/>
    public override float At(long step)
    {
        double fraction = step / (double)_firstDecaySteps, restart;
        if (tMul == 1f)
        {
            restart = Math.Floor(fraction);
            fraction -= restart;
        }
        else
        {
            restart = Math.Floor(Math.Log(1 - fraction * (1 - tMul)) / Math.Log(tMul));
            double completed = (1 - Math.Pow(tMul, restart)) / (1 - tMul);
            fraction = (fraction - completed) / Math.Pow(tMul, restart);
        }
        double cosine = 0.5 * Math.Pow(mMul, restart) * (1 + Math.Cos(Math.PI * fraction));
        return (float)(initialLearningRate * ((1 - alpha) * cosine + alpha));
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["initial_learning_rate"] = InitialLearningRate,
        ["first_decay_steps"] = FirstDecaySteps,
        ["t_mul"] = TMul,
        ["m_mul"] = MMul,
        ["alpha"] = Alpha,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static CosineDecayRestarts FromConfig(Serialization.KerasConfig config) => new(
        initialLearningRate: config.Float("initial_learning_rate"),
        firstDecaySteps: config.Long("first_decay_steps"),
        tMul: config.Float("t_mul", 2f),
        mMul: config.Float("m_mul", 1f),
        alpha: config.Float("alpha", 0f));
}
