namespace Backprop.Autograd;

/// <summary>
/// One recorded operation: its inputs and the function that, given the gradient of the output,
/// accumulates the gradients of the inputs (micrograd's <c>_backward</c>). Most operations record a closure;
/// the ones every training step runs (dense, softmax crossentropy) subclass this with fields instead, so the
/// node of a tensor the step arena hands out again is reused with it (see <see cref="Reuse{TNode}"/>).
/// </summary>
internal class BackwardNode
{
    private readonly Action<Tensor>? _backward;

    public BackwardNode(Tensor[] inputs, Action<Tensor> backward)
    {
        Inputs = inputs;
        _backward = backward;
    }

    /// <summary>For subclasses that set <see cref="Inputs"/> each time they are reused.</summary>
    protected BackwardNode() => Inputs = [];

    public Tensor[] Inputs { get; protected set; }

    /// <summary>Whether this node applies relu's derivative (at its output's values) to its output's gradient before using
    /// it: an op with a fused relu. A writer of that gradient may then mask its own contribution the same way and say so
    /// (<see cref="Tensor.GradIsReluMasked"/>).</summary>
    public virtual bool MasksOutputGradientByRelu => false;

    /// <summary>Receives ∂L/∂output and calls <see cref="GraphWalk.Accumulate"/> for each input that requires a gradient.</summary>
    public virtual void Backward(Tensor gradient) => _backward!(gradient);

    /// <summary>The node <paramref name="output"/> had in the previous step, when the arena recycled it and it was a
    /// <typeparamref name="TNode"/>; else a new one.</summary>
    public static TNode Reuse<TNode>(Tensor output) where TNode : BackwardNode, new() =>
        output.ArenaSlot?.SpareNode as TNode ?? new TNode();

    /// <summary>The inputs array, reused when it has the right length.</summary>
    protected void SetInputs(Tensor a, Tensor b, Tensor? c)
    {
        int count = c is null ? 2 : 3;
        Tensor[] inputs = Inputs.Length == count ? Inputs : new Tensor[count];
        inputs[0] = a;
        inputs[1] = b;
        if (c is not null) inputs[2] = c;
        Inputs = inputs;
    }

    protected void SetInputs(Tensor a)
    {
        Tensor[] inputs = Inputs.Length == 1 ? Inputs : new Tensor[1];
        inputs[0] = a;
        Inputs = inputs;
    }
}
