namespace Backprop.Autograd;

/// <summary>
/// One recorded operation: its inputs and the function that, given the gradient of the output,
/// accumulates the gradients of the inputs (micrograd's <c>_backward</c>).
/// </summary>
internal sealed class BackwardNode(Tensor[] inputs, Action<Tensor> backward)
{
    public Tensor[] Inputs { get; } = inputs;

    /// <summary>Receives ∂L/∂output and calls <see cref="GraphWalk.Accumulate"/> for each input that requires a gradient.</summary>
    public Action<Tensor> Backward { get; } = backward;
}
