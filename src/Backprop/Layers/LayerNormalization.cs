using Backprop.Initializers;

namespace Backprop.Layers;

/// <summary>
/// Normalizes each sample over its last axis (or the axes <c>axis</c> names) to zero mean and unit variance, then scales
/// by γ and shifts by β (Keras's LayerNormalization: ε 1e-3, γ ones, β zeros): y = (x − mean) / √(var + ε) · γ + β.
/// γ and β have the sizes of the normalized axes, as Keras's <c>param_shape</c>, and broadcast over the others.
/// </summary>
/// <remarks><c>axis: [1, 2, 3]</c> normalizes each feature map [H, W, C] as a whole, as convnets often do.</remarks>
public sealed class LayerNormalization : Layer
{
    /// <summary>A layer normalization; <paramref name="axis"/> (null: the last, −1) lists the axes of the input, batch axis 0,
    /// to normalize over.</summary>
    /// <exception cref="ArgumentException">Epsilon is not positive, or an axis is the batch axis.</exception>
    public LayerNormalization(float epsilon = 1e-3f, bool center = true, bool scale = true, string? name = null, int[]? axis = null) : base(name)
    {
        Epsilon = epsilon > 0 ? epsilon : throw new ArgumentException($"epsilon must be positive, got {epsilon}.", nameof(epsilon));
        Axis = axis is null || axis.Length == 0 ? [-1] : [.. axis];
        if (Axis.Contains(0)) throw new ArgumentException("LayerNormalization cannot normalize over the batch axis (axis 0).", nameof(axis));
        (Center, Scale) = (center, scale);
    }

    /// <summary>Added to the variance.</summary>
    public float Epsilon { get; }
    /// <summary>Whether β is added.</summary>
    public bool Center { get; }
    /// <summary>Whether γ multiplies.</summary>
    public bool Scale { get; }
    /// <summary>The axes normalized over (negative count from the end, as Keras).</summary>
    public IReadOnlyList<int> Axis { get; }

    /// <summary>The learned scale (null when <c>scale</c> is false).</summary>
    public Tensor? Gamma { get; private set; }

    /// <summary>The learned shift (null when <c>center</c> is false).</summary>
    public Tensor? Beta { get; private set; }

    /// <summary>The normalized axes of an input of <paramref name="rank"/> dimensions (batch included), from 1, in order.</summary>
    internal int[] Axes(int rank)
    {
        int[] axes = [.. Axis.Select(a => a < 0 ? a + rank : a).Distinct().Order()];
        return axes.All(a => a > 0 && a < rank) ? axes
            : throw new ArgumentException($"LayerNormalization '{Name}' normalizes axes ({string.Join(", ", Axis)}), which inputs of rank {rank} do not all have.");
    }

    // γ and β broadcast as [1…, size of each normalized axis, …] over the sample's axes.
    private int[] ParameterShape(int[] sample) => [.. Axes(sample.Length + 1).Select(a => sample[a - 1])];

    internal int[] BroadcastShape(int[] sample)
    {
        int[] axes = Axes(sample.Length + 1);
        int first = axes[0];
        return [.. Enumerable.Range(first, sample.Length + 1 - first).Select(a => axes.Contains(a) ? sample[a - 1] : 1)];
    }

    /// <inheritdoc/>
    protected override void OnBuild(int[] inputShape)
    {
        int[] shape = ParameterShape(inputShape);
        if (Scale) Gamma = AddWeight("gamma", shape, new Ones());
        if (Center) Beta = AddWeight("beta", shape, new Zeros());
    }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        int[] axes = Axes(inputs.Rank);
        Tensor mean = inputs, y;
        foreach (int a in axes) mean = mean.Mean(a, keepDims: true);
        Tensor centered = inputs - mean, variance = centered.Square();
        foreach (int a in axes) variance = variance.Mean(a, keepDims: true);
        y = centered / (variance + Epsilon).Sqrt();
        bool trailing = axes.Length == 1 && axes[0] == inputs.Rank - 1;
        int[] broadcast = trailing ? [] : BroadcastShape(inputs.ShapeRef[1..]);
        if (Gamma is not null) y = y * (trailing ? Gamma : Gamma.Reshape(broadcast));
        if (Beta is not null) y = y + (trailing ? Beta : Beta.Reshape(broadcast));
        return y;
    }

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["epsilon"] = Epsilon;
        config["center"] = Center;
        config["scale"] = Scale;
        // Written only when it is not Keras's default, so files of layers over the last axis keep their bytes.
        if (Axis is not [-1]) config["axis"] = Axis.ToArray();
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static LayerNormalization FromConfig(Serialization.KerasConfig config) => new(
        epsilon: config.Float("epsilon", 0.001f),
        center: config.Bool("center", true),
        scale: config.Bool("scale", true),
        name: config.NullableString("name", null),
        axis: !config.Has("axis") ? null : config.IsList("axis") ? config.Ints("axis") : [config.Int("axis")]);
}
