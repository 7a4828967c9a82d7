namespace Backprop.Losses;

/// <summary>
/// A loss written as a function of (yTrue, yPred), Keras's <c>compile(loss=my_function)</c> (its LossFunctionWrapper):
/// the function returns one value per sample ([batch], or [batch, …] averaged per sample), which is then weighted and
/// averaged over the batch like every loss. It must be built from tensor operations to be differentiable.
/// <code>model.Compile("adam", new LossFunction((t, p) => (p - t).Abs().Mean(-1), "my_mae"));</code>
/// </summary>
public sealed class LossFunction : Loss
{
    private readonly Func<Tensor, Tensor, Tensor> _function;

    /// <summary>A loss from a function; its name is <paramref name="name"/>, or the method's name (Keras: the function's <c>__name__</c>).</summary>
    /// <exception cref="ArgumentException">No name is given for a lambda (which has none of its own).</exception>
    public LossFunction(Func<Tensor, Tensor, Tensor> function, string? name = null)
    {
        _function = function ?? throw new ArgumentNullException(nameof(function));
        Name = name ?? FunctionName(function, "loss");
    }

    /// <summary>A function's own name, or a message asking for one when it is a lambda.</summary>
    internal static string FunctionName(Delegate function, string kind)
    {
        string method = function.Method.Name;
        // A local function compiles to "<Outer>g__Name|0_0": its own name is between "g__" and "|".
        if (method.IndexOf(">g__", StringComparison.Ordinal) is int local and >= 0 && method.IndexOf('|', local) is int end and > 0)
            method = method[(local + 4)..end];
        if (method.Contains('<', StringComparison.Ordinal))
            throw new ArgumentException($"A {kind} made from a lambda needs a name (the logs and the saved file use it): pass name: \"…\".", nameof(function));
        return NameRegistry.SnakeCase(method);
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <summary>The function decides which shapes it takes.</summary>
    protected override void CheckShapes(Tensor yTrue, Tensor yPred) { }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The function returned no batch axis, or another number of samples.</exception>
    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        Tensor values = _function(yTrue, yPred) ?? throw new InvalidOperationException($"Loss '{Name}': the function returned null.");
        if (values.Rank == 0 || values.Dim(0) != yPred.Dim(0))
            throw new InvalidOperationException($"Loss '{Name}' must return one value per sample, shape [{yPred.Dim(0)}] (or [{yPred.Dim(0)}, …]), got {ShapeMath.Format(values.ShapeRef)}.");
        return values.Rank == 1 ? values : values.Reshape(values.Dim(0), -1).Mean(1);
    }

    // Written as Keras writes a plain function (its name), never rebuilt from a config: nothing of its own to list.
    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>();
}
