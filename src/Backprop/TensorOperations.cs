using Backprop.Autograd;
using Backprop.Kernels;
using Backprop.Ops;

namespace Backprop;

// The differentiable operations as members and operators; the math lives in Ops/.
public sealed partial class Tensor
{
    /// <summary>Element-wise sum with NumPy broadcasting.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => ArithmeticOps.Add(a, b);
    /// <summary>Element-wise difference with NumPy broadcasting.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => ArithmeticOps.Subtract(a, b);
    /// <summary>Element-wise product with NumPy broadcasting (not the matrix product: see <see cref="MatMul"/>).</summary>
    public static Tensor operator *(Tensor a, Tensor b) => ArithmeticOps.Multiply(a, b);
    /// <summary>Element-wise quotient with NumPy broadcasting.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => ArithmeticOps.Divide(a, b);
    /// <summary>Adds a scalar to every element.</summary>
    public static Tensor operator +(Tensor a, float s) => ArithmeticOps.Add(a, s);
    /// <summary>Adds a scalar to every element.</summary>
    public static Tensor operator +(float s, Tensor a) => ArithmeticOps.Add(a, s);
    /// <summary>Subtracts a scalar from every element.</summary>
    public static Tensor operator -(Tensor a, float s) => ArithmeticOps.Subtract(a, s, scalarFirst: false);
    /// <summary>A scalar minus every element.</summary>
    public static Tensor operator -(float s, Tensor a) => ArithmeticOps.Subtract(a, s, scalarFirst: true);
    /// <summary>Multiplies every element by a scalar.</summary>
    public static Tensor operator *(Tensor a, float s) => ArithmeticOps.Multiply(a, s);
    /// <summary>Multiplies every element by a scalar.</summary>
    public static Tensor operator *(float s, Tensor a) => ArithmeticOps.Multiply(a, s);
    /// <summary>Divides every element by a scalar.</summary>
    public static Tensor operator /(Tensor a, float s) => ArithmeticOps.Divide(a, s, scalarFirst: false);
    /// <summary>A scalar divided by every element.</summary>
    public static Tensor operator /(float s, Tensor a) => ArithmeticOps.Divide(a, s, scalarFirst: true);
    // Keras code writes its scalars as doubles (x / 255.0, x * 0.5): the same operators, the scalar taken as a float.
    /// <summary>Adds a double scalar (as a float) to every element.</summary>
    public static Tensor operator +(Tensor a, double s) => a + (float)s;
    /// <summary>Adds a double scalar (as a float) to every element.</summary>
    public static Tensor operator +(double s, Tensor a) => (float)s + a;
    /// <summary>Subtracts a double scalar (as a float) from every element.</summary>
    public static Tensor operator -(Tensor a, double s) => a - (float)s;
    /// <summary>Every element subtracted from a double scalar (as a float).</summary>
    public static Tensor operator -(double s, Tensor a) => (float)s - a;
    /// <summary>Multiplies every element by a double scalar (as a float).</summary>
    public static Tensor operator *(Tensor a, double s) => a * (float)s;
    /// <summary>Multiplies every element by a double scalar (as a float).</summary>
    public static Tensor operator *(double s, Tensor a) => (float)s * a;
    /// <summary>Divides every element by a double scalar (as a float): <c>x / 255.0</c>.</summary>
    public static Tensor operator /(Tensor a, double s) => a / (float)s;
    /// <summary>A double scalar (as a float) divided by every element.</summary>
    public static Tensor operator /(double s, Tensor a) => (float)s / a;
    /// <summary>Negates every element.</summary>
    public static Tensor operator -(Tensor a) => UnaryOps.Negate(a);

    /// <summary>Matrix product: [m,k]·[k,n] → [m,n], or batched [b,m,k]·[b,k,n] → [b,m,n].</summary>
    public Tensor MatMul(Tensor other) => MatMulOp.MatMul(this, other);

    /// <summary>Sum of all elements (a scalar, or shape [1,…,1] with <paramref name="keepDims"/>).</summary>
    public Tensor Sum(bool keepDims = false) => ReductionOps.SumAll(this, keepDims);
    /// <summary>Sum over one axis.</summary>
    public Tensor Sum(int axis, bool keepDims = false) => ReductionOps.Sum(this, axis, keepDims);
    /// <summary>Mean of all elements.</summary>
    public Tensor Mean(bool keepDims = false) => ReductionOps.MeanAll(this, keepDims);
    /// <summary>Mean over one axis.</summary>
    public Tensor Mean(int axis, bool keepDims = false) => ReductionOps.Mean(this, axis, keepDims);
    /// <summary>Largest element (a scalar).</summary>
    public Tensor Max() => ReductionOps.MaxAll(this);
    /// <summary>Largest element over one axis; the gradient goes to the first maximum.</summary>
    public Tensor Max(int axis, bool keepDims = false) => ReductionOps.Max(this, axis, keepDims);
    /// <summary>Index of the largest element over an axis (as float values), like <c>np.argmax</c>.</summary>
    public Tensor ArgMax(int axis = -1) => ReductionOps.ArgMax(this, axis);

    /// <summary>eˣ element-wise.</summary>
    public Tensor Exp() => UnaryOps.Exp(this);
    /// <summary>Natural logarithm element-wise.</summary>
    public Tensor Log() => UnaryOps.Log(this);
    /// <summary>Square root element-wise.</summary>
    public Tensor Sqrt() => UnaryOps.Sqrt(this);
    /// <summary>x² element-wise.</summary>
    public Tensor Square() => UnaryOps.Square(this);
    /// <summary>|x| element-wise (gradient 0 at 0).</summary>
    public Tensor Abs() => UnaryOps.Abs(this);
    /// <summary>xᵉ element-wise.</summary>
    public Tensor Pow(float exponent) => UnaryOps.Pow(this, exponent);
    /// <summary>Limits every element to [min, max]; the gradient is zero outside.</summary>
    public Tensor Clip(float min, float max) => UnaryOps.Clip(this, min, max);
    /// <summary>max(x, 0) element-wise.</summary>
    public Tensor Relu() => UnaryOps.Relu(this);
    /// <summary>1 / (1 + e⁻ˣ) element-wise.</summary>
    public Tensor Sigmoid() => UnaryOps.Sigmoid(this);
    /// <summary>The error function element-wise.</summary>
    public Tensor Erf() => UnaryOps.Erf(this);
    /// <summary>Hyperbolic tangent element-wise.</summary>
    public Tensor Tanh() => UnaryOps.Tanh(this);
    /// <summary>eˣ / Σ eˣ over an axis (the last by default).</summary>
    public Tensor Softmax(int axis = -1) => SoftmaxOps.Softmax(this, axis);
    /// <summary>log softmax over an axis, computed stably.</summary>
    public Tensor LogSoftmax(int axis = -1) => SoftmaxOps.LogSoftmax(this, axis);

    /// <summary>The same elements with another shape (one dimension may be -1); shares storage.</summary>
    public Tensor Reshape(params ReadOnlySpan<int> shape) => ShapeOps.Reshape(this, shape);
    /// <summary>NumPy's <c>expand_dims</c>: a view with a new axis of size 1 at <paramref name="axis"/> (−1 appends one
    /// at the end), e.g. images [N, 28, 28] → [N, 28, 28, 1] with <c>ExpandDims(-1)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis is outside [−rank − 1, rank].</exception>
    public Tensor ExpandDims(int axis)
    {
        int rank = Rank, at = axis < 0 ? axis + rank + 1 : axis;
        if (at < 0 || at > rank)
            throw new ArgumentOutOfRangeException(nameof(axis), $"ExpandDims: axis {axis} is out of range for a tensor of rank {rank} (expected {-rank - 1} to {rank}).");
        return ShapeOps.Reshape(this, [.. ShapeRef[..at], 1, .. ShapeRef[at..]]);
    }

    /// <summary>NumPy's <c>squeeze</c>: a view without the axes of size 1 (all of them, or only <paramref name="axis"/>).</summary>
    /// <exception cref="ArgumentException">The given axis does not have size 1.</exception>
    public Tensor Squeeze(int? axis = null)
    {
        if (axis is not { } a) return ShapeOps.Reshape(this, [.. ShapeRef.Where(d => d != 1)]);
        int at = ShapeMath.NormalizeAxis(a, Rank);
        if (ShapeRef[at] != 1)
            throw new ArgumentException($"Squeeze: cannot remove axis {a} of shape {ShapeMath.Format(ShapeRef)}, whose size is {ShapeRef[at]}, not 1.", nameof(axis));
        return ShapeOps.Reshape(this, [.. ShapeRef[..at], .. ShapeRef[(at + 1)..]]);
    }

    /// <summary>The elements as one axis, a view (PyTorch's <c>flatten</c>; NumPy's <c>flatten</c> copies, so
    /// <see cref="Clone"/> the result before changing it in place).</summary>
    public Tensor Flatten() => ShapeOps.Reshape(this, [Size]);

    /// <summary>The transpose of a 2-D tensor (a copy).</summary>
    public Tensor Transpose() => ShapeOps.Transpose(this);

    /// <summary>Computes the gradient of this scalar with respect to every tensor it depends on that has <see cref="RequiresGrad"/>, adding it to their <see cref="Grad"/>.</summary>
    public void Backward() => GraphWalk.Backward(this);
}
