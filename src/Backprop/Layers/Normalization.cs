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
        var mean = new double[features];
        var squares = new double[features];
        ReadOnlySpan<float> v = data.Span;
        for (int r = 0; r < rows; r++)
            for (int f = 0; f < features; f++) mean[f] += v[r * features + f];
        for (int f = 0; f < features; f++) mean[f] /= rows;
        for (int r = 0; r < rows; r++)
            for (int f = 0; f < features; f++) squares[f] += Math.Pow(v[r * features + f] - mean[f], 2);
        _mean = mean.Select(m => (float)m).ToArray();
        _variance = squares.Select(s => (float)(s / rows)).ToArray();
        if (Built)
        {
            _mean.CopyTo(Weights[0].Span);
            _variance.CopyTo(Weights[1].Span);
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
        _mean.CopyTo(Weights[0].Span);
        _variance.CopyTo(Weights[1].Span);
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
}
