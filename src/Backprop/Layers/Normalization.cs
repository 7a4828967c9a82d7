namespace Backprop.Layers;

/// <summary>
/// Feature-wise standardisation with statistics learned by <see cref="Adapt"/> (Keras's Normalization over the
/// last axis): y = (x − mean) / max(√variance, 1e-7). The statistics are non-trainable weights.
/// </summary>
public sealed class Normalization(string? name = null) : Layer(name)
{
    private float[]? _mean;
    private float[]? _variance;

    /// <summary>The learned per-feature means.</summary>
    public IReadOnlyList<float> Mean => Built ? Weights[0].ToArray() : _mean ?? throw new InvalidOperationException($"Normalization '{Name}' has not been adapted: call Adapt(data) first.");

    /// <summary>The learned per-feature (population) variances.</summary>
    public IReadOnlyList<float> Variance => Built ? Weights[1].ToArray() : _variance ?? throw new InvalidOperationException($"Normalization '{Name}' has not been adapted: call Adapt(data) first.");

    /// <summary>Learns each feature's mean and variance from <paramref name="data"/> [samples, …, features].</summary>
    public void Adapt(Tensor data)
    {
        ArgumentNullException.ThrowIfNull(data);
        int features = data.Dim(-1), rows = data.Size / features;
        if (rows == 0) throw new ArgumentException("Adapt needs at least one sample.", nameof(data));
        (double[] mean, double[] variance) = Ops.StatisticsOps.FeatureMeanAndVariance(data);
        _mean = mean.Select(m => (float)m).ToArray();
        _variance = variance.Select(s => (float)s).ToArray();
        if (Built)
        {
            Weights[0].CopyFrom(_mean);
            Weights[1].CopyFrom(_variance);
        }
    }

    internal override void PrepareForLoading(int[] inputShape)
    {
        _mean ??= new float[inputShape[^1]];
        _variance ??= Enumerable.Repeat(1f, inputShape[^1]).ToArray();
    }

    /// <inheritdoc/>
    protected override void OnBuild(int[] inputShape)
    {
        if (_mean is null || _variance is null)
            throw new InvalidOperationException($"Normalization '{Name}' has not been adapted: call Adapt(data) before using it.");
        if (_mean.Length != inputShape[^1])
            throw new ArgumentException($"Normalization '{Name}' was adapted to {_mean.Length} features, got inputs {FormatWithBatch(inputShape)}.");
        AddWeight("mean", [_mean.Length], new Initializers.Zeros(), trainable: false);
        AddWeight("variance", [_mean.Length], new Initializers.Ones(), trainable: false);
        Weights[0].CopyFrom(_mean);
        Weights[1].CopyFrom(_variance);
    }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training) =>
        (inputs - Weights[0].Detach()) / Weights[1].Detach().Sqrt().Clip(1e-7f, float.MaxValue);

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["axis"] = -1;
        config["invert"] = false;
        // As in Keras, the adapted statistics travel in the weights file, not in the config.
        config["mean"] = null;
        config["variance"] = null;
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Normalization FromConfig(Serialization.KerasConfig config) => new(
        name: config.NullableString("name", null));
}
