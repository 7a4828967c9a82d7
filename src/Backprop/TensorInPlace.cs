using Backprop.Autograd;
using Backprop.Kernels;

namespace Backprop;

// Compound assignment changes the tensor's own elements, as NumPy's `x /= 255` and PyTorch's `x.div_(255)` do:
// scaling 60,000 images this way needs no second 188 MB array (`x = x / 255f` still makes a new tensor).
public sealed partial class Tensor
{
    /// <summary>Adds <paramref name="value"/> to every element, in place.</summary>
    /// <remarks>Views that share this tensor's storage (<see cref="Reshape"/>, <see cref="Rows"/>, <see cref="Detach"/>)
    /// see the change. A computation recorded earlier that kept this tensor's values sees the new values too; a
    /// tensor that requires gradients can only be changed inside <see cref="Autograd.Autograd.NoGrad"/>, and the result of a
    /// recorded operation not at all.</remarks>
    /// <exception cref="InvalidOperationException">The change would corrupt a gradient computation (see remarks).</exception>
    public void operator +=(float value) => ApplyInPlace(BinaryOp.Add, value);

    /// <summary>Subtracts <paramref name="value"/> from every element, in place (see <see cref="op_AdditionAssignment(float)"/>).</summary>
    public void operator -=(float value) => ApplyInPlace(BinaryOp.Subtract, value);

    /// <summary>Multiplies every element by <paramref name="value"/>, in place (see <see cref="op_AdditionAssignment(float)"/>).</summary>
    public void operator *=(float value) => ApplyInPlace(BinaryOp.Multiply, value);

    /// <summary>Divides every element by <paramref name="value"/>, in place: <c>xTrain /= 255f</c> (see <see cref="op_AdditionAssignment(float)"/>).</summary>
    public void operator /=(float value) => ApplyInPlace(BinaryOp.Divide, value);

    /// <summary>Adds <paramref name="other"/> element-wise, in place; <paramref name="other"/> broadcasts to this tensor's
    /// shape, which never changes (see <see cref="op_AdditionAssignment(float)"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="other"/> does not broadcast to this tensor's shape.</exception>
    public void operator +=(Tensor other) => ApplyInPlace(BinaryOp.Add, other);

    /// <summary>Subtracts <paramref name="other"/> element-wise, in place (see <see cref="op_AdditionAssignment(Tensor)"/>).</summary>
    public void operator -=(Tensor other) => ApplyInPlace(BinaryOp.Subtract, other);

    /// <summary>Multiplies by <paramref name="other"/> element-wise, in place (see <see cref="op_AdditionAssignment(Tensor)"/>).</summary>
    public void operator *=(Tensor other) => ApplyInPlace(BinaryOp.Multiply, other);

    /// <summary>Divides by <paramref name="other"/> element-wise, in place (see <see cref="op_AdditionAssignment(Tensor)"/>).</summary>
    public void operator /=(Tensor other) => ApplyInPlace(BinaryOp.Divide, other);

    private void ApplyInPlace(BinaryOp op, float value)
    {
        CheckInPlace(op);
        Elementwise.SpanScalar(op, Span, value, Span);
    }

    private void ApplyInPlace(BinaryOp op, Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        CheckInPlace(op);
        int[] shape = ShapeMath.Broadcast(_shape, other._shape);
        if (!ShapeMath.Equal(shape, _shape))
            throw new ArgumentException($"In-place {op.ToString().ToLowerInvariant()} cannot change the shape: {ShapeMath.Format(other._shape)} broadcasts {ShapeMath.Format(_shape)} to {ShapeMath.Format(shape)}.", nameof(other));
        // An operand sharing this storage would be overwritten while it is read: work from a copy of it.
        if (ReferenceEquals(other.Data, Data) && !(other.Offset == Offset && other.Size == Size)) other = other.Clone();
        Elementwise.Broadcast(op, Data, Offset, ShapeMath.BroadcastStrides(_shape, _shape), other.Data, other.Offset,
            ShapeMath.BroadcastStrides(other._shape, _shape), Span, _shape);
    }

    private void CheckInPlace(BinaryOp op)
    {
        if (Node is not null)
            throw new InvalidOperationException($"In-place {op.ToString().ToLowerInvariant()} on the result of a recorded operation would change values its gradient needs; use Detach() first, or the operator that returns a new tensor.");
        if (RequiresGrad && Autograd.Autograd.IsEnabled)
            throw new InvalidOperationException($"In-place {op.ToString().ToLowerInvariant()} on a tensor that requires gradients must happen inside Autograd.NoGrad() (an update of weights), or the change would not be part of the graph.");
    }
}
