namespace Backprop.Layers;

/// <summary>Joins its inputs along an axis (Keras's <c>Concatenate(axis=-1)</c>); the axis counts the batch axis, as in
/// Keras, so 1 and -1 are both the features of [batch, features] inputs. Every other dimension must agree.
/// <code>var both = new Concatenate().Call([image, metadata]);   // (None, 784) and (None, 3) → (None, 787)</code></summary>
public sealed class Concatenate : Merge
{
    /// <summary>A concatenate layer along <paramref name="axis"/>.</summary>
    public Concatenate(int axis = -1, string? name = null) : base(name)
    {
        Axis = axis;
    }

    /// <summary>The axis joined along (counting the batch axis; negative counts from the end).</summary>
    public int Axis { get; }

    private protected override int[] MergedShape(int[][] shapes)
    {
        int rank = shapes[0].Length + 1;
        int axis = Axis < 0 ? Axis + rank : Axis;
        if (axis <= 0 || axis >= rank)
            throw new ArgumentException($"Layer '{Name}' (Concatenate) cannot join along axis {Axis} of inputs of rank {rank} (the batch axis cannot be joined).");
        int[] output = (int[])shapes[0].Clone();
        output[axis - 1] = 0;
        foreach (int[] shape in shapes)
        {
            bool fits = shape.Length == rank - 1;
            for (int d = 0; fits && d < shape.Length; d++) fits = d == axis - 1 || shape[d] == shapes[0][d];
            if (!fits)
                throw new ArgumentException($"Layer '{Name}' (Concatenate) needs inputs whose shapes agree except on axis {Axis}, got {Describe(shapes)}.");
            output[axis - 1] += shape[axis - 1];
        }
        return output;
    }

    private protected override Tensor Combine(Tensor[] inputs, int[] outputShape) => Ops.ConcatOps.Concatenate(inputs, Axis);

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["axis"] = Axis;
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Concatenate FromConfig(Serialization.KerasConfig config) => new(
        axis: config.Int("axis", -1),
        name: config.NullableString("name", null));
}
