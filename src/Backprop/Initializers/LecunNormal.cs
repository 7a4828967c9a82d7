namespace Backprop.Initializers;

/// <summary>Truncated normal with stddev √(1 / fan_in).</summary>
public sealed class LecunNormal() : VarianceScaling(1, "fan_in", "truncated_normal")
{
    /// <inheritdoc/>
    public override string Name => "lecun_normal";
}
