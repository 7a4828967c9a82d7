namespace Backprop.Initializers;

/// <summary>Uniform in ±√(3 / fan_in).</summary>
public sealed class LecunUniform() : VarianceScaling(1, "fan_in", "uniform")
{
    /// <inheritdoc/>
    public override string Name => "lecun_uniform";
}
