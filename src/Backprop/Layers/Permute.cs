namespace Backprop.Layers;

/// <summary>Reorders the axes of each sample (Keras's <c>Permute(dims)</c>): <c>dims</c> is a permutation of 1…rank,
/// numbering the sample's axes from 1 (the batch axis stays first). Permute([2, 1]) on (None, 3, 4) gives (None, 4, 3).</summary>
public sealed class Permute : Layer
{
    /// <summary>A permute layer.</summary>
    /// <exception cref="ArgumentException"><paramref name="dims"/> is not a permutation of 1…n.</exception>
    public Permute(int[] dims, string? name = null) : base(name)
    {
        ArgumentNullException.ThrowIfNull(dims);
        if (dims.Length == 0 || !dims.Order().SequenceEqual(Enumerable.Range(1, dims.Length)))
            throw new ArgumentException($"Permute's dims must be a permutation of 1…{dims.Length} (the batch axis is not counted), got ({string.Join(", ", dims)}).", nameof(dims));
        Dims = (int[])dims.Clone();
    }

    /// <summary>The new order of the sample's axes, numbered from 1.</summary>
    public IReadOnlyList<int> Dims { get; }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training) => Ops.PermuteOp.Permute(inputs, [0, .. Dims]);

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape) => inputShape.Length == Dims.Count ? Dims.Select(d => inputShape[d - 1]).ToArray()
        : throw new ArgumentException($"Layer '{Name}' (Permute) with dims ({string.Join(", ", Dims)}) takes inputs of rank {Dims.Count + 1}, got {FormatWithBatch(inputShape)}.");

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["dims"] = Dims.ToArray();
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Permute FromConfig(Serialization.KerasConfig config) => new(
        dims: config.Ints("dims"),
        name: config.NullableString("name", null));
}
