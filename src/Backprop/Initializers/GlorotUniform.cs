namespace Backprop.Initializers;

/// <summary>Uniform in ±√(6 / (fan_in + fan_out)); Dense's default kernel initializer.</summary>
public sealed class GlorotUniform() : VarianceScaling(1, "fan_avg", "uniform")
{
    /// <inheritdoc/>
    public override string Name => "glorot_uniform";
}
