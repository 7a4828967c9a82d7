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
}
