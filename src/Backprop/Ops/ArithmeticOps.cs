using System.Numerics.Tensors;
using Backprop.Autograd;
using Backprop.Kernels;

namespace Backprop.Ops;

/// <summary>+ − × ÷ with NumPy broadcasting, their scalar forms and negation; each backward beside its forward.</summary>
internal static class ArithmeticOps
{
    public static Tensor Binary(BinaryOp op, Tensor a, Tensor b)
    {
        int[] outShape = a.SameShape(b) ? a.ShapeRef : ShapeMath.Broadcast(a.ShapeRef, b.ShapeRef);
        Tensor result = Tensor.Uninitialized((int[])outShape.Clone());
        if (a.SameShape(b)) SameShape(op, a.Span, b.Span, result.Span);
        else Elementwise.Broadcast(op, a.Data, a.Offset, ShapeMath.BroadcastStrides(a.ShapeRef, outShape),
            b.Data, b.Offset, ShapeMath.BroadcastStrides(b.ShapeRef, outShape), result.Span, outShape);
        if (!GraphWalk.ShouldRecord(a, b)) return result;
        return GraphWalk.Record(result, [a, b], g =>
        {
            switch (op)
            {
                case BinaryOp.Add:
                    AccumulateReduced(a, g);
                    AccumulateReduced(b, g);
                    break;
                case BinaryOp.Subtract:
                    AccumulateReduced(a, g);
                    if (b.RequiresGrad) AccumulateReduced(b, Apply(g, s => TensorPrimitives.Negate(s, s)));
                    break;
                case BinaryOp.Multiply:
                    if (a.RequiresGrad) AccumulateReduced(a, Binary(BinaryOp.Multiply, g, b.Detach()));
                    if (b.RequiresGrad) AccumulateReduced(b, Binary(BinaryOp.Multiply, g, a.Detach()));
                    break;
                default:
                    // d(a/b)/da = 1/b; d(a/b)/db = −a/b² = −result/b
                    if (a.RequiresGrad) AccumulateReduced(a, Binary(BinaryOp.Divide, g, b.Detach()));
                    if (b.RequiresGrad)
                    {
                        Tensor gb = Binary(BinaryOp.Multiply, g, Binary(BinaryOp.Divide, result.Detach(), b.Detach()));
                        AccumulateReduced(b, Apply(gb, s => TensorPrimitives.Negate(s, s)));
                    }
                    break;
            }
        });
    }

    private static void SameShape(BinaryOp op, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> d)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(a, b, d); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(a, b, d); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(a, b, d); break;
            default: TensorPrimitives.Divide(a, b, d); break;
        }
    }

    /// <summary>Accumulates a gradient of the broadcast shape into an operand, summing over the broadcast axes.</summary>
    public static void AccumulateReduced(Tensor operand, Tensor gradient)
    {
        if (!operand.RequiresGrad) return;
        if (operand.SameShape(gradient)) { GraphWalk.Accumulate(operand, gradient); return; }
        var reduced = new Tensor((int[])operand.ShapeRef.Clone());
        Elementwise.SumToShape(gradient.Span, gradient.ShapeRef, reduced.Span, operand.ShapeRef);
        GraphWalk.Accumulate(operand, reduced);
    }

    private delegate void SpanAction(Span<float> values);

    private static Tensor Apply(Tensor t, SpanAction action)
    {
        Tensor copy = t.Clone();
        action(copy.Span);
        return copy;
    }

    /// <summary>x op s (or s op x when <paramref name="scalarFirst"/>) for a float s.</summary>
    public static Tensor WithScalar(BinaryOp op, Tensor x, float s, bool scalarFirst)
    {
        Tensor result = Tensor.Uninitialized((int[])x.ShapeRef.Clone());
        ReadOnlySpan<float> xs = x.Span;
        Span<float> d = result.Span;
        switch (op, scalarFirst)
        {
            case (BinaryOp.Add, _): TensorPrimitives.Add(xs, s, d); break;
            case (BinaryOp.Multiply, _): TensorPrimitives.Multiply(xs, s, d); break;
            case (BinaryOp.Subtract, false): TensorPrimitives.Subtract(xs, s, d); break;
            case (BinaryOp.Subtract, true): TensorPrimitives.Subtract(s, xs, d); break;
            case (BinaryOp.Divide, false): TensorPrimitives.Divide(xs, s, d); break;
            default: TensorPrimitives.Divide(s, xs, d); break;
        }
        if (!GraphWalk.ShouldRecord(x)) return result;
        return GraphWalk.Record(result, [x], g =>
        {
            Tensor gx = g.Clone();
            Span<float> gs = gx.Span;
            switch (op, scalarFirst)
            {
                case (BinaryOp.Add, _): case (BinaryOp.Subtract, false): break;
                case (BinaryOp.Subtract, true): TensorPrimitives.Negate(gs, gs); break;
                case (BinaryOp.Multiply, _): TensorPrimitives.Multiply(gs, s, gs); break;
                case (BinaryOp.Divide, false): TensorPrimitives.Divide(gs, s, gs); break;
                default:
                    // d(s/x)/dx = −s/x² = −result/x
                    TensorPrimitives.Multiply(gs, result.Span, gs);
                    TensorPrimitives.Divide(gs, x.Span, gs);
                    TensorPrimitives.Negate(gs, gs);
                    break;
            }
            GraphWalk.Accumulate(x, gx);
        });
    }
}
