namespace Backprop.Metrics;

/// <summary>
/// A metric written as a function of (yTrue, yPred), Keras's <c>compile(metrics=[my_function])</c> (a
/// MeanMetricWrapper): the running, sample-weighted mean of the one value per sample the function returns.
/// <code>model.Compile("adam", "mse", [new MetricFunction((t, p) => (p - t).Abs().Max(-1), "max_error")]);</code>
/// </summary>
public sealed class MetricFunction : MeanMetricWrapper
{
    private readonly Func<Tensor, Tensor, Tensor> _function;

    /// <summary>A metric from a function; its name is <paramref name="name"/>, or the method's name.</summary>
    /// <exception cref="ArgumentException">No name is given for a lambda.</exception>
    public MetricFunction(Func<Tensor, Tensor, Tensor> function, string? name = null)
        : base(name ?? Losses.LossFunction.FunctionName(function ?? throw new ArgumentNullException(nameof(function)), "metric"))
    {
        _function = function;
    }

    /// <summary>The function decides which shapes it takes.</summary>
    protected override void CheckShapes(Tensor yTrue, Tensor yPred) { }

    /// <inheritdoc/>
    protected override void PerSample(Tensor yTrue, Tensor yPred, Span<float> values)
    {
        Tensor result;
        using (Autograd.Autograd.NoGrad()) result = _function(yTrue, yPred) ?? throw new InvalidOperationException($"Metric '{Name}': the function returned null.");
        if (result.Rank == 0 || result.Dim(0) != values.Length)
            throw new InvalidOperationException($"Metric '{Name}' must return one value per sample, shape [{values.Length}] (or [{values.Length}, …]), got {ShapeMath.Format(result.ShapeRef)}.");
        if (result.Rank > 1) result = result.Reshape(result.Dim(0), -1).Mean(1);
        result.ToArray().CopyTo(values);
    }

    // Written as Keras writes a plain function (its name), never rebuilt from a config: nothing of its own to list.
    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>();
}
