namespace Backprop.Layers;

/// <summary>Reshapes each sample to <see cref="TargetShape"/> (one dimension may be −1), like Keras's Reshape. A view, no copy.</summary>
public sealed class Reshape : Layer
{
    /// <summary>A reshape to the given per-sample shape.</summary>
    public Reshape(int[] targetShape, string? name = null) : base(name)
    {
        if (targetShape.Length == 0 || targetShape.Count(d => d == -1) > 1 || targetShape.Any(d => d == 0 || d < -1))
            throw new ArgumentException($"Reshape needs positive dimensions with at most one -1, got ({string.Join(", ", targetShape)}).", nameof(targetShape));
        TargetShape = (int[])targetShape.Clone();
    }

    /// <summary>The shape of each sample after the layer.</summary>
    public int[] TargetShape { get; }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training) => inputs.Reshape([inputs.Dim(0), .. ComputeOutputShape(inputs.ShapeRef[1..])]);

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape)
    {
        try
        {
            return ShapeMath.ResolveReshape(TargetShape, ShapeMath.SizeOf(inputShape));
        }
        catch (ArgumentException)
        {
            throw new ArgumentException($"Layer '{Name}' cannot reshape samples of shape {FormatWithBatch(inputShape)} ({ShapeMath.SizeOf(inputShape)} values) to ({string.Join(", ", TargetShape)}).");
        }
    }

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["target_shape"] = TargetShape;
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Reshape FromConfig(Serialization.KerasConfig config) => new(
        targetShape: config.Ints("target_shape"),
        name: config.NullableString("name", null));
}
