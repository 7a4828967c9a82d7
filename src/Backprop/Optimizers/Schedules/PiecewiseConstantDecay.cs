namespace Backprop.Optimizers.Schedules;

/// <summary>values[0] while step ≤ boundaries[0], values[i] while boundaries[i−1] &lt; step ≤ boundaries[i], then the last value (Keras's PiecewiseConstantDecay).</summary>
public sealed class PiecewiseConstantDecay : LearningRateSchedule
{
    /// <summary>Steps where the rate changes.</summary>
    public IReadOnlyList<long> Boundaries => _boundaries;
    /// <summary>The rate before the first boundary, between boundaries, and after the last.</summary>
    public IReadOnlyList<float> Values => _values;

    private readonly long[] _boundaries;
    private readonly float[] _values;

    /// <summary>Creates the schedule.</summary>
    /// <exception cref="ArgumentException">values does not have one more entry than boundaries, or boundaries are not increasing.</exception>
    public PiecewiseConstantDecay(long[] boundaries, float[] values)
    {
        if (values.Length != boundaries.Length + 1)
            throw new ArgumentException($"values needs one more entry than boundaries: got {values.Length} values for {boundaries.Length} boundaries.", nameof(values));
        for (int i = 1; i < boundaries.Length; i++)
            if (boundaries[i] <= boundaries[i - 1]) throw new ArgumentException("boundaries must increase.", nameof(boundaries));
        _boundaries = (long[])boundaries.Clone();
        _values = (float[])values.Clone();
    }

    /// <inheritdoc/>
    public override float At(long step)
    {
        for (int i = 0; i < _boundaries.Length; i++)
            if (step <= _boundaries[i]) return _values[i];
        return _values[^1];
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["boundaries"] = Boundaries,
        ["values"] = Values,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static PiecewiseConstantDecay FromConfig(Serialization.KerasConfig config) => new(
        boundaries: config.Longs("boundaries"),
        values: config.Floats("values"));
}
