namespace Backprop.Initializers;

/// <summary>Truncated normal with stddev √(1 / fan_in).</summary>
public sealed class LecunNormal() : VarianceScaling(1, "fan_in", "truncated_normal")
{
    /// <inheritdoc/>
    public override string Name => "lecun_normal";

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>();

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static new LecunNormal FromConfig(Serialization.KerasConfig config) => new();
}
