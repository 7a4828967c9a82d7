namespace Backprop.Ops;

/// <summary>Which squashing function produced a tensor from its logits.</summary>
internal enum LogitsKind { Softmax, Sigmoid }

/// <summary>
/// The logits a softmax or sigmoid output was computed from, attached to the output by the activation and looked up
/// by the crossentropy losses, which then compute from the logits (stable, and the fused backward). Keras's TensorFlow
/// backend does the same through <c>_keras_logits</c>. Inside a training step the object is the previous step's,
/// kept by the step arena with the output tensor (<see cref="Autograd.ArenaSlot"/>), so attaching it allocates nothing.
/// </summary>
internal sealed class LogitsOrigin
{
    public Tensor Logits { get; private set; } = null!;

    public LogitsKind Kind { get; private set; }

    /// <summary>Attaches <paramref name="logits"/> to <paramref name="output"/>, the <paramref name="kind"/> of them.</summary>
    public static Tensor Attach(Tensor output, Tensor logits, LogitsKind kind)
    {
        LogitsOrigin origin = output.ArenaSlot?.SpareLogits ?? new LogitsOrigin();
        (origin.Logits, origin.Kind) = (logits, kind);
        output.Logits = origin;
        return output;
    }

    /// <summary>The logits of <paramref name="output"/> when it is a <paramref name="kind"/> output, else null.</summary>
    public static Tensor? Of(Tensor output, LogitsKind kind) => output.Logits is { } origin && origin.Kind == kind ? origin.Logits : null;
}
