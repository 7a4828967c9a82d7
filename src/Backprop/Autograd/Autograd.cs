namespace Backprop.Autograd;

/// <summary>Gradient mode: whether operations are recorded for backward, per thread.</summary>
/// <example><code>
/// using (Autograd.NoGrad()) { var p = model.Predict(x); }   // nothing recorded
/// </code></example>
public static class Autograd
{
    [ThreadStatic] private static int _noGradDepth;

    /// <summary>True when operations on tensors that require gradients are being recorded on this thread.</summary>
    public static bool IsEnabled => _noGradDepth == 0;

    /// <summary>Stops recording on this thread until the returned scope is disposed. Scopes nest.</summary>
    public static NoGradScope NoGrad()
    {
        _noGradDepth++;
        return new NoGradScope();
    }

    /// <summary>Ends a <see cref="NoGrad"/> scope.</summary>
    public readonly struct NoGradScope : IDisposable
    {
        /// <summary>Restores recording (if no outer scope is still open).</summary>
        public void Dispose() => _noGradDepth--;
    }

    /// <summary>
    /// The gradients of a scalar with respect to each of <paramref name="sources"/> (Keras's <c>tape.gradient(loss,
    /// variables)</c>), as new tensors in the same order: zero for a source the scalar does not depend on. It runs
    /// <see cref="Tensor.Backward"/>, so the sources' <see cref="Tensor.Grad"/> hold the same values afterwards.
    /// <code>
    /// IReadOnlyList&lt;Tensor&gt; grads = Autograd.Gradients(loss, model.TrainableWeights);
    /// model.Optimizer!.Apply(grads, model.TrainableWeights);
    /// </code>
    /// </summary>
    /// <exception cref="ArgumentException">The value is not a one-element tensor.</exception>
    public static IReadOnlyList<Tensor> Gradients(Tensor scalar, IReadOnlyList<Tensor> sources)
    {
        ArgumentNullException.ThrowIfNull(scalar);
        ArgumentNullException.ThrowIfNull(sources);
        if (scalar.Size != 1) throw new ArgumentException($"Gradients are taken of a scalar, got shape {ShapeMath.Format(scalar.ShapeRef)}.", nameof(scalar));
        foreach (Tensor source in sources) source.ZeroGrad();
        if (scalar.RequiresGrad) scalar.Backward();
        return [.. sources.Select(s => s.Grad?.Clone() ?? Tensor.ZerosLike(s))];
    }
}
