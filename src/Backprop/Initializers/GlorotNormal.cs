namespace Backprop.Initializers;

/// <summary>Truncated normal with stddev √(2 / (fan_in + fan_out)).</summary>
public sealed class GlorotNormal() : VarianceScaling(1, "fan_avg", "truncated_normal")
{
    /// <inheritdoc/>
    public override string Name => "glorot_normal";

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>();

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static new GlorotNormal FromConfig(Serialization.KerasConfig config) => new();
}
