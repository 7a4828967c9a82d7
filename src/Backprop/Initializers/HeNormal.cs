namespace Backprop.Initializers;

/// <summary>Truncated normal with stddev √(2 / fan_in).</summary>
public sealed class HeNormal() : VarianceScaling(2, "fan_in", "truncated_normal")
{
    /// <inheritdoc/>
    public override string Name => "he_normal";
}
