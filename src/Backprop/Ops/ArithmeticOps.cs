using System.Numerics.Tensors;
using Backprop.Autograd;
using Backprop.Kernels;

namespace Backprop.Ops;

/// <summary>+ − × ÷ with NumPy broadcasting and their scalar forms; each backward beside its forward. The forward
/// of every one is the same driver (<see cref="Elementwise"/>) with a different operator struct.</summary>
internal static class ArithmeticOps
{
    public static Tensor Add(Tensor a, Tensor b)
    {
        Tensor result = Forward<AddOperator>(a, b);
        if (!GraphWalk.ShouldRecord(a, b)) return result;
        return GraphWalk.Record(result, [a, b], g =>
        {
            AccumulateReduced(a, g);
            AccumulateReduced(b, g);
        });
    }

    public static Tensor Subtract(Tensor a, Tensor b)
    {
        Tensor result = Forward<SubtractOperator>(a, b);
        if (!GraphWalk.ShouldRecord(a, b)) return result;
        return GraphWalk.Record(result, [a, b], g =>
        {
            AccumulateReduced(a, g);
            if (b.RequiresGrad) AccumulateReduced(b, Negated(g));
        });
    }

    public static Tensor Multiply(Tensor a, Tensor b)
    {
        Tensor result = Forward<MultiplyOperator>(a, b);
        if (!GraphWalk.ShouldRecord(a, b)) return result;
        return GraphWalk.Record(result, [a, b], g =>
        {
            if (a.RequiresGrad) AccumulateReduced(a, Multiply(g, b.Detach()));
            if (b.RequiresGrad) AccumulateReduced(b, Multiply(g, a.Detach()));
        });
    }

    public static Tensor Divide(Tensor a, Tensor b)
    {
        Tensor result = Forward<DivideOperator>(a, b);
        if (!GraphWalk.ShouldRecord(a, b)) return result;
        return GraphWalk.Record(result, [a, b], g =>
        {
            // d(a/b)/da = 1/b; d(a/b)/db = −a/b² = −result/b
            if (a.RequiresGrad) AccumulateReduced(a, Divide(g, b.Detach()));
            if (b.RequiresGrad) AccumulateReduced(b, Negated(Multiply(g, Divide(result.Detach(), b.Detach()))));
        });
    }

    private static Tensor Forward<TOp>(Tensor a, Tensor b) where TOp : IBinaryOperator
    {
        bool same = a.SameShape(b);
        int[] outShape = same ? a.ShapeRef : ShapeMath.Broadcast(a.ShapeRef, b.ShapeRef);
        Tensor result = Tensor.Uninitialized(outShape);
        if (same) KernelBackend.Current.Binary<TOp>(a.Span, b.Span, result.Span);
        else KernelBackend.Current.Broadcast<TOp>(a.Data, a.Offset, ShapeMath.BroadcastStrides(a.ShapeRef, outShape),
            b.Data, b.Offset, ShapeMath.BroadcastStrides(b.ShapeRef, outShape), result.Span, outShape);
        return result;
    }

    /// <summary>Accumulates a gradient of the broadcast shape into an operand, summing over the broadcast axes.</summary>
    public static void AccumulateReduced(Tensor operand, Tensor gradient)
    {
        if (!operand.RequiresGrad) return;
        if (operand.SameShape(gradient)) { GraphWalk.Accumulate(operand, gradient); return; }
        var reduced = new Tensor(operand.ShapeRef);
        KernelBackend.Current.SumToShape(gradient.Span, gradient.ShapeRef, reduced.Span, operand.ShapeRef);
        GraphWalk.Accumulate(operand, reduced);
    }

    private static Tensor Negated(Tensor t)
    {
        Tensor copy = t.Clone();
        TensorPrimitives.Negate(copy.Span, copy.Span);
        return copy;
    }

    public static Tensor Add(Tensor x, float s)
    {
        Tensor result = WithScalar<AddOperator>(x, s, scalarFirst: false);
        if (!GraphWalk.ShouldRecord(x)) return result;
        return GraphWalk.Record(result, [x], g => GraphWalk.Accumulate(x, g.Clone()));
    }

    /// <summary>x − s, or s − x when <paramref name="scalarFirst"/>.</summary>
    public static Tensor Subtract(Tensor x, float s, bool scalarFirst)
    {
        Tensor result = WithScalar<SubtractOperator>(x, s, scalarFirst);
        if (!GraphWalk.ShouldRecord(x)) return result;
        return GraphWalk.Record(result, [x], g => GraphWalk.Accumulate(x, scalarFirst ? Negated(g) : g.Clone()));
    }

    public static Tensor Multiply(Tensor x, float s)
    {
        Tensor result = WithScalar<MultiplyOperator>(x, s, scalarFirst: false);
        if (!GraphWalk.ShouldRecord(x)) return result;
        return GraphWalk.Record(result, [x], g =>
        {
            Tensor gx = g.Clone();
            KernelBackend.Current.Binary<MultiplyOperator>(gx.Span, s, gx.Span);
            GraphWalk.Accumulate(x, gx);
        });
    }

    /// <summary>x ÷ s, or s ÷ x when <paramref name="scalarFirst"/>.</summary>
    public static Tensor Divide(Tensor x, float s, bool scalarFirst)
    {
        Tensor result = WithScalar<DivideOperator>(x, s, scalarFirst);
        if (!GraphWalk.ShouldRecord(x)) return result;
        return GraphWalk.Record(result, [x], g =>
        {
            Tensor gx = g.Clone();
            Span<float> gs = gx.Span;
            if (!scalarFirst) KernelBackend.Current.Binary<DivideOperator>(gs, s, gs);
            else
            {
                // d(s/x)/dx = −s/x² = −result/x
                KernelBackend.Current.Binary<MultiplyOperator>(gs, result.Span, gs);
                KernelBackend.Current.Binary<DivideOperator>(gs, x.Span, gs);
                TensorPrimitives.Negate(gs, gs);
            }
            GraphWalk.Accumulate(x, gx);
        });
    }

    private static Tensor WithScalar<TOp>(Tensor x, float s, bool scalarFirst) where TOp : IBinaryOperator
    {
        Tensor result = Tensor.Uninitialized(x.ShapeRef);
        if (scalarFirst) KernelBackend.Current.Binary<TOp>(s, x.Span, result.Span);
        else KernelBackend.Current.Binary<TOp>(x.Span, s, result.Span);
        return result;
    }
}
