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
    public void operator +=(float value) => ApplyInPlace<AddOperator>(value);

    /// <summary>Subtracts <paramref name="value"/> from every element, in place (see <see cref="op_AdditionAssignment(float)"/>).</summary>
    public void operator -=(float value) => ApplyInPlace<SubtractOperator>(value);

    /// <summary>Multiplies every element by <paramref name="value"/>, in place (see <see cref="op_AdditionAssignment(float)"/>).</summary>
    public void operator *=(float value) => ApplyInPlace<MultiplyOperator>(value);

    /// <summary>Divides every element by <paramref name="value"/>, in place: <c>xTrain /= 255f</c> (see <see cref="op_AdditionAssignment(float)"/>).</summary>
    public void operator /=(float value) => ApplyInPlace<DivideOperator>(value);

    /// <summary>Divides every element by a double (as a float), in place: <c>xTrain /= 255.0</c>.</summary>
    public void operator /=(double value) => ApplyInPlace<DivideOperator>((float)value);

    /// <summary>Multiplies every element by a double (as a float), in place.</summary>
    public void operator *=(double value) => ApplyInPlace<MultiplyOperator>((float)value);

    /// <summary>Adds a double (as a float) to every element, in place.</summary>
    public void operator +=(double value) => ApplyInPlace<AddOperator>((float)value);

    /// <summary>Subtracts a double (as a float) from every element, in place.</summary>
    public void operator -=(double value) => ApplyInPlace<SubtractOperator>((float)value);

    /// <summary>Adds <paramref name="other"/> element-wise, in place; <paramref name="other"/> broadcasts to this tensor's
    /// shape, which never changes (see <see cref="op_AdditionAssignment(float)"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="other"/> does not broadcast to this tensor's shape.</exception>
    public void operator +=(Tensor other) => ApplyInPlace<AddOperator>(other);

    /// <summary>Subtracts <paramref name="other"/> element-wise, in place (see <see cref="op_AdditionAssignment(Tensor)"/>).</summary>
    public void operator -=(Tensor other) => ApplyInPlace<SubtractOperator>(other);

    /// <summary>Multiplies by <paramref name="other"/> element-wise, in place (see <see cref="op_AdditionAssignment(Tensor)"/>).</summary>
    public void operator *=(Tensor other) => ApplyInPlace<MultiplyOperator>(other);

    /// <summary>Divides by <paramref name="other"/> element-wise, in place (see <see cref="op_AdditionAssignment(Tensor)"/>).</summary>
    public void operator /=(Tensor other) => ApplyInPlace<DivideOperator>(other);

    /// <summary>Adds <paramref name="values"/> (same element count) in place, with none of the public operator's checks:
    /// how the tape accumulates a gradient into its buffer.</summary>
    internal void AddUnchecked(Tensor values) => KernelBackend.Current.Binary<AddOperator>(Span, values.Span, Span);

    private void ApplyInPlace<TOp>(float value) where TOp : IBinaryOperator
    {
        CheckInPlace(TOp.Name);
        KernelBackend.Current.Binary<TOp>(Span, value, Span);
    }

    private void ApplyInPlace<TOp>(Tensor other) where TOp : IBinaryOperator
    {
        ArgumentNullException.ThrowIfNull(other);
        CheckInPlace(TOp.Name);
        int[] shape = ShapeMath.Broadcast(_shape, other._shape);
        if (!ShapeMath.Equal(shape, _shape))
            throw new ArgumentException($"In-place {TOp.Name} cannot change the shape: {ShapeMath.Format(other._shape)} broadcasts {ShapeMath.Format(_shape)} to {ShapeMath.Format(shape)}.", nameof(other));
        // An operand sharing this storage would be overwritten while it is read: work from a copy of it.
        if (ReferenceEquals(other.Data, Data) && !(other.Offset == Offset && other.Size == Size)) other = other.Clone();
        KernelBackend.Current.Broadcast<TOp>(Data, Offset, ShapeMath.BroadcastStrides(_shape, _shape), other.Data, other.Offset,
            ShapeMath.BroadcastStrides(other._shape, _shape), Span, _shape);
    }

    private void CheckInPlace(string op)
    {
        if (Node is not null)
            throw new InvalidOperationException($"In-place {op} on the result of a recorded operation would change values its gradient needs; use Detach() first, or the operator that returns a new tensor.");
        if (RequiresGrad && Autograd.Autograd.IsEnabled)
            throw new InvalidOperationException($"In-place {op} on a tensor that requires gradients must happen inside Autograd.NoGrad() (an update of weights), or the change would not be part of the graph.");
    }
}
