namespace Backprop.Initializers;

/// <summary>Uniform in ±√(6 / (fan_in + fan_out)); Dense's default kernel initializer.</summary>
public sealed class GlorotUniform() : VarianceScaling(1, "fan_avg", "uniform")
{
    /// <inheritdoc/>
    public override string Name => "glorot_uniform";

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>();

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static new GlorotUniform FromConfig(Serialization.KerasConfig config) => new();
}
