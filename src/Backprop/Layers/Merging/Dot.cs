namespace Backprop.Layers;

/// <summary>
/// The dot product of two inputs sample by sample, summed over one axis of each (Keras's <c>Dot(axes, normalize)</c>;
/// axes count the batch axis): [N, d]·[N, d] with axes 1 gives [N, 1]; [N, a, k]·[N, b, k] with axes 2 gives [N, a, b].
/// With <see cref="Normalize"/>, each input is first scaled to unit L2 norm along its axis, so the result is the cosine
/// similarity. Inputs of rank 2 and 3 (with the batch axis) are supported.
/// </summary>
public sealed class Dot : Merge
{
    private readonly bool _axesGivenAsPair;

    /// <summary>A dot layer summing over axis <paramref name="axes"/> of both inputs.</summary>
    public Dot(int axes, bool normalize = false, string? name = null) : base(name)
    {
        Axes = [axes, axes];
        Normalize = normalize;
    }

    /// <summary>A dot layer summing over axis <c>axes[0]</c> of the first input and <c>axes[1]</c> of the second.</summary>
    public Dot(int[] axes, bool normalize = false, string? name = null) : base(name)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Length != 2) throw new ArgumentException($"Dot's axes must be one axis or a pair, got {axes.Length} values.", nameof(axes));
        Axes = (int[])axes.Clone();
        Normalize = normalize;
        _axesGivenAsPair = true;
    }

    /// <summary>The axis of each input summed over (counting the batch axis).</summary>
    public IReadOnlyList<int> Axes { get; }

    /// <summary>Whether the inputs are L2-normalized along their axes first.</summary>
    public bool Normalize { get; }

    private protected override int MinInputs => 2;

    private protected override int MaxInputs => 2;

    private (int A, int B) ResolvedAxes(int rankA, int rankB) => (Axes[0] < 0 ? Axes[0] + rankA : Axes[0], Axes[1] < 0 ? Axes[1] + rankB : Axes[1]);

    // Keras's Dot.compute_output_shape: the first input's shape without its axis, then the second's without its axis
    // and its batch axis; a result of only the batch axis gets a trailing 1.
    private protected override int[] MergedShape(int[][] shapes)
    {
        int rankA = shapes[0].Length + 1, rankB = shapes[1].Length + 1;
        if (rankA is < 2 or > 3 || rankB is < 2 or > 3)
            throw new ArgumentException($"Layer '{Name}' (Dot) supports inputs of rank 2 or 3 (with the batch axis), got {Describe(shapes)}.");
        var (a, b) = ResolvedAxes(rankA, rankB);
        if (a <= 0 || a >= rankA || b <= 0 || b >= rankB)
            throw new ArgumentException($"Layer '{Name}' (Dot) cannot sum over axes ({Axes[0]}, {Axes[1]}) of inputs {Describe(shapes)} (the batch axis cannot be summed over).");
        if (shapes[0][a - 1] != shapes[1][b - 1])
            throw new ArgumentException($"Layer '{Name}' (Dot) got incompatible shapes {Describe(shapes)}: axis {a} of the first has {shapes[0][a - 1]}, axis {b} of the second has {shapes[1][b - 1]}.");
        int[] output = [.. shapes[0].Where((_, i) => i != a - 1), .. shapes[1].Where((_, i) => i != b - 1)];
        return output.Length == 0 ? [1] : output;
    }

    private protected override Tensor Combine(Tensor[] inputs, int[] outputShape)
    {
        var (a, b) = ResolvedAxes(inputs[0].Rank, inputs[1].Rank);
        Tensor x = Normalize ? L2Normalize(inputs[0], a) : inputs[0];
        Tensor y = Normalize ? L2Normalize(inputs[1], b) : inputs[1];
        int n = x.Dim(0);
        // As a batched product [N, m, k]·[N, k, n]: the summed axis last in the first, first in the second.
        Tensor left = x.Rank == 2 ? x.Reshape(n, 1, x.Dim(1)) : a == 2 ? x : Ops.PermuteOp.Permute(x, [0, 2, 1]);
        Tensor right = y.Rank == 2 ? y.Reshape(n, y.Dim(1), 1) : b == 1 ? y : Ops.PermuteOp.Permute(y, [0, 2, 1]);
        return left.MatMul(right).Reshape([n, .. outputShape]);
    }

    // Keras's ops.nn.normalize (nn.py, _normalize, order 2): x · rsqrt(max(Σx², ε²)) with ε = 1e-7.
    private static Tensor L2Normalize(Tensor x, int axis) => x * (1f / x.Square().Sum(axis, keepDims: true).Clip(1e-14f, float.MaxValue).Sqrt());

    /// <summary>Keras's <c>from_config</c>: the layer its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Dot FromConfig(Serialization.KerasConfig config) => config.IsList("axes")
        ? new(config.Ints("axes"), config.Bool("normalize", false), config.NullableString("name", null))
        : new(config.Int("axes"), config.Bool("normalize", false), config.NullableString("name", null));

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["axes"] = _axesGivenAsPair ? Axes.ToArray() : Axes[0];
        config["normalize"] = Normalize;
        return config;
    }
}
