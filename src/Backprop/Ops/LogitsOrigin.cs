namespace Backprop.Ops;

/// <summary>Which squashing function produced a tensor from its logits.</summary>
internal enum LogitsKind { Softmax, Sigmoid }

/// <summary>
/// The logits a softmax or sigmoid output was computed from, attached to the output by the activation and looked up
/// by the crossentropy losses, which then compute from the logits (stable, and the fused backward). Keras's TensorFlow
/// backend does the same through <c>_keras_logits</c>. A value type, so attaching it allocates nothing per step.
/// </summary>
internal readonly record struct LogitsOrigin(Tensor Logits, LogitsKind Kind)
{
    /// <summary>The logits of <paramref name="output"/> when it is a <paramref name="kind"/> output, else null.</summary>
    public static Tensor? Of(Tensor output, LogitsKind kind) => output.Logits is { } origin && origin.Kind == kind ? origin.Logits : null;
}
