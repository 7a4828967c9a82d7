using Backprop.Initializers;

namespace Backprop.Layers;

/// <summary>
/// Normalizes each sample over its last axis to zero mean and unit variance, then scales by γ and shifts by β
/// (Keras's LayerNormalization: ε 1e-3, γ ones, β zeros): y = (x − mean) / √(var + ε) · γ + β.
/// </summary>
public sealed class LayerNormalization(float epsilon = 1e-3f, bool center = true, bool scale = true, string? name = null) : Layer(name)
{
    /// <summary>Added to the variance.</summary>
    public float Epsilon { get; } = epsilon > 0 ? epsilon : throw new ArgumentException($"epsilon must be positive, got {epsilon}.", nameof(epsilon));

    /// <summary>γ [features] (after build; null without scale).</summary>
    public Tensor? Gamma { get; private set; }

    /// <summary>β [features] (after build; null without center).</summary>
    public Tensor? Beta { get; private set; }

    /// <inheritdoc/>
    protected override void OnBuild(int[] inputShape)
    {
        if (scale) Gamma = AddWeight("gamma", [inputShape[^1]], new Ones());
        if (center) Beta = AddWeight("beta", [inputShape[^1]], new Zeros());
    }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        Tensor centered = inputs - inputs.Mean(-1, keepDims: true);
        Tensor y = centered / (centered.Square().Mean(-1, keepDims: true) + Epsilon).Sqrt();
        if (Gamma is not null) y = y * Gamma;
        if (Beta is not null) y = y + Beta;
        return y;
    }

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["epsilon"] = Epsilon;
        config["center"] = center;
        config["scale"] = scale;
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static LayerNormalization FromConfig(Serialization.KerasConfig config) => new(
        epsilon: config.Float("epsilon", 0.001f),
        center: config.Bool("center", true),
        scale: config.Bool("scale", true),
        name: config.NullableString("name", null));
}
