namespace Backprop.Initializers;

/// <summary>Uniform in ±√(6 / fan_in).</summary>
public sealed class HeUniform() : VarianceScaling(2, "fan_in", "uniform")
{
    /// <inheritdoc/>
    public override string Name => "he_uniform";
}
