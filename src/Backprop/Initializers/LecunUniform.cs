namespace Backprop.Initializers;

/// <summary>Uniform in ±√(3 / fan_in).</summary>
public sealed class LecunUniform() : VarianceScaling(1, "fan_in", "uniform")
{
    /// <inheritdoc/>
    public override string Name => "lecun_uniform";

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>();

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static new LecunUniform FromConfig(Serialization.KerasConfig config) => new();
}
