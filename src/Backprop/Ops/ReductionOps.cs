using System.Numerics.Tensors;
using Backprop.Autograd;

namespace Backprop.Ops;

/// <summary>Sum, mean and max over one axis or all elements, and argmax.</summary>
internal static class ReductionOps
{
    public static Tensor SumAll(Tensor x, bool keepDims)
    {
        var result = new Tensor(keepDims ? Ones(x.Rank) : []);
        result.Data[0] = TensorPrimitives.Sum(x.Span);
        if (!GraphWalk.ShouldRecord(x)) return result;
        return GraphWalk.Record(result, [x], g => GraphWalk.Accumulate(x, Tensor.Filled(g.Data[g.Offset], x.ShapeRef)));
    }

    public static Tensor MeanAll(Tensor x, bool keepDims) => ArithmeticOps.Multiply(SumAll(x, keepDims), 1f / x.Size);

    public static Tensor Sum(Tensor x, int axis, bool keepDims)
    {
        axis = ShapeMath.NormalizeAxis(axis, x.Rank);
        var (outer, length, inner) = ShapeMath.AroundAxis(x.ShapeRef, axis);
        var result = new Tensor(ShapeMath.Reduced(x.ShapeRef, axis, keepDims));
        ReadOnlySpan<float> xs = x.Span;
        Span<float> r = result.Span;
        for (int o = 0; o < outer; o++)
        {
            Span<float> dst = r.Slice(o * inner, inner);
            for (int l = 0; l < length; l++) TensorPrimitives.Add(dst, xs.Slice((o * length + l) * inner, inner), dst);
        }
        if (!GraphWalk.ShouldRecord(x)) return result;
        return GraphWalk.Record(result, [x], g =>
        {
            var gx = new Tensor(x.ShapeRef);
            ReadOnlySpan<float> gs = g.Span;
            Span<float> d = gx.Span;
            for (int o = 0; o < outer; o++)
                for (int l = 0; l < length; l++) gs.Slice(o * inner, inner).CopyTo(d.Slice((o * length + l) * inner, inner));
            GraphWalk.Accumulate(x, gx);
        });
    }

    public static Tensor Mean(Tensor x, int axis, bool keepDims) =>
        ArithmeticOps.Multiply(Sum(x, axis, keepDims), 1f / x.Dim(axis));

    public static Tensor Max(Tensor x, int axis, bool keepDims)
    {
        axis = ShapeMath.NormalizeAxis(axis, x.Rank);
        if (x.Dim(axis) == 0) throw new ArgumentException($"Max over an empty axis {axis} (shape {ShapeMath.Format(x.ShapeRef)}).");
        var (outer, length, inner) = ShapeMath.AroundAxis(x.ShapeRef, axis);
        var result = new Tensor(ShapeMath.Reduced(x.ShapeRef, axis, keepDims));
        int[] winners = ArgIndices(x, axis, outer, length, inner);
        for (int i = 0; i < winners.Length; i++) result.Data[i] = x.Data[x.Offset + winners[i]];
        if (!GraphWalk.ShouldRecord(x)) return result;
        return GraphWalk.Record(result, [x], g =>
        {
            // The gradient goes to the first maximal element, as in PyTorch's max(dim).
            var gx = new Tensor(x.ShapeRef);
            for (int i = 0; i < winners.Length; i++) gx.Data[winners[i]] += g.Data[g.Offset + i];
            GraphWalk.Accumulate(x, gx);
        });
    }

    public static Tensor MaxAll(Tensor x)
    {
        if (x.Size == 0) throw new ArgumentException("Max of an empty tensor.");
        return Max(x.Reshape(x.Size), 0, false);
    }

    /// <summary>Indices (as floats, like Keras) of the largest element along an axis; not differentiable.</summary>
    public static Tensor ArgMax(Tensor x, int axis)
    {
        axis = ShapeMath.NormalizeAxis(axis, x.Rank);
        var (outer, length, inner) = ShapeMath.AroundAxis(x.ShapeRef, axis);
        var result = new Tensor(ShapeMath.Reduced(x.ShapeRef, axis, false));
        int[] winners = ArgIndices(x, axis, outer, length, inner);
        for (int i = 0; i < winners.Length; i++) result.Data[i] = winners[i] / inner % length;
        return result;
    }

    /// <summary>Flat positions (relative to the tensor's offset) of the first maximum of each slice.</summary>
    private static int[] ArgIndices(Tensor x, int axis, int outer, int length, int inner)
    {
        if (length == 0 && outer * inner > 0)
            throw new ArgumentException($"The maximum along axis {axis} of a tensor of shape {ShapeMath.Format(x.ShapeRef)} does not exist: that axis has length 0.", nameof(axis));
        var winners = new int[outer * inner];
        ReadOnlySpan<float> xs = x.Span;
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int best = o * length * inner + i;
                if (inner == 1) best += TensorPrimitives.IndexOfMax(xs.Slice(o * length, length));
                else
                    for (int l = 1; l < length; l++)
                    {
                        int p = (o * length + l) * inner + i;
                        if (xs[p] > xs[best]) best = p;
                    }
                winners[o * inner + i] = best;
            }
        return winners;
    }

    private static int[] Ones(int rank)
    {
        var shape = new int[rank];
        Array.Fill(shape, 1);
        return shape;
    }

    /// <summary>The flat index of a NaN or infinite element, or null when every element is finite.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static int? FirstNonFinite(Tensor t)
    {
        ReadOnlySpan<float> values = t.Span;
        if (values.Length == 0) return null;
        // A finite sum means every value is finite (NaN and infinities propagate); only a non-finite sum, which an
        // overflow of large finite values can also give, pays for locating the culprit. Sum first because its first
        // call (JIT included) costs ~12 ms against ~40 ms for IndexOfMaxMagnitude's, and Fit runs this before its first step.
        if (float.IsFinite(TensorPrimitives.Sum(values))) return null;
        // IndexOfMaxMagnitude returns the first NaN if there is one, so a finite result means every value is finite.
        int bad = TensorPrimitives.IndexOfMaxMagnitude(values);
        return float.IsFinite(values[bad]) ? null : bad;
    }

    /// <summary>Σ x², the squared L2 norm (one float dot product, as TensorPrimitives computes it).</summary>
    public static float SumOfSquares(Tensor t) => TensorPrimitives.Dot(t.Span, t.Span);
}
