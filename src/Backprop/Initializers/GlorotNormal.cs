namespace Backprop.Initializers;

/// <summary>Truncated normal with stddev √(2 / (fan_in + fan_out)).</summary>
public sealed class GlorotNormal() : VarianceScaling(1, "fan_avg", "truncated_normal")
{
    /// <inheritdoc/>
    public override string Name => "glorot_normal";
}
