namespace Backprop.Activations;

/// <summary>An activation function with its Keras name.</summary>
/// <param name="Name">Keras's name for it (for configs and summaries).</param>
/// <param name="Function">The function on tensors (differentiable).</param>
public sealed record ActivationFunction(string Name, Func<Tensor, Tensor> Function)
{
    /// <summary>Applies the activation.</summary>
    public Tensor Apply(Tensor x) => Function(x);
}
