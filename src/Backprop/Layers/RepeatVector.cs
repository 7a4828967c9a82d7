namespace Backprop.Layers;

/// <summary>Repeats each sample's vector <see cref="N"/> times (Keras's <c>RepeatVector(n)</c>): [batch, d] → [batch, n, d].</summary>
public sealed class RepeatVector : Layer
{
    /// <summary>A layer repeating its input <paramref name="n"/> times.</summary>
    public RepeatVector(int n, string? name = null) : base(name)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), $"RepeatVector's n must be positive, got {n}.");
        N = n;
    }

    /// <summary>How many times each vector is repeated.</summary>
    public int N { get; }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        int batch = inputs.Dim(0), features = inputs.Dim(1);
        // A broadcast against zeros: the gradient is summed back over the copies by the addition.
        return inputs.Reshape(batch, 1, features) + Tensor.Zeros(batch, N, features);
    }

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape) => inputShape.Length == 1 ? [N, inputShape[0]]
        : throw new ArgumentException($"Layer '{Name}' (RepeatVector) takes inputs of shape (None, features), got {FormatWithBatch(inputShape)}.");

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["n"] = N;
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static RepeatVector FromConfig(Serialization.KerasConfig config) => new(
        n: config.Int("n"),
        name: config.NullableString("name", null));
}
