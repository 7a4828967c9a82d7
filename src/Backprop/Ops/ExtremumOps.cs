using System.Numerics.Tensors;
using Backprop.Autograd;

namespace Backprop.Ops;

/// <summary>Element-wise maximum and minimum of two tensors of one shape. The gradient goes to the first operand
/// where it wins or ties (a ≥ b for the maximum), to the second elsewhere, as TensorFlow's maximum and minimum do.</summary>
internal static class ExtremumOps
{
    public static Tensor Maximum(Tensor a, Tensor b) => Pick(a, b, maximum: true);

    public static Tensor Minimum(Tensor a, Tensor b) => Pick(a, b, maximum: false);

    private static Tensor Pick(Tensor a, Tensor b, bool maximum)
    {
        if (!a.SameShape(b))
            throw new ArgumentException($"{(maximum ? "Maximum" : "Minimum")} needs tensors of one shape, got {ShapeMath.Format(a.ShapeRef)} and {ShapeMath.Format(b.ShapeRef)}.");
        Tensor result = Tensor.Uninitialized(a.ShapeRef);
        if (maximum) TensorPrimitives.Max(a.Span, b.Span, result.Span);
        else TensorPrimitives.Min(a.Span, b.Span, result.Span);
        if (!GraphWalk.ShouldRecord(a, b)) return result;
        return GraphWalk.Record(result, [a, b], g =>
        {
            ReadOnlySpan<float> xs = a.Span, ys = b.Span, gs = g.Span;
            var ga = new Tensor(a.ShapeRef);
            var gb = new Tensor(b.ShapeRef);
            Span<float> da = ga.Span, db = gb.Span;
            for (int i = 0; i < gs.Length; i++)
            {
                bool first = maximum ? xs[i] >= ys[i] : xs[i] <= ys[i];
                if (first) da[i] = gs[i];
                else db[i] = gs[i];
            }
            GraphWalk.Accumulate(a, ga);
            GraphWalk.Accumulate(b, gb);
        });
    }
}
