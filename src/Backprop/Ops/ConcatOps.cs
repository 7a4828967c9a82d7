using Backprop.Autograd;

namespace Backprop.Ops;

/// <summary>Joining tensors along an axis, and cutting the gradient back into their pieces.</summary>
internal static class ConcatOps
{
    /// <summary>The tensors side by side along <paramref name="axis"/>; every other dimension must agree.</summary>
    public static Tensor Concatenate(IReadOnlyList<Tensor> parts, int axis)
    {
        if (parts.Count == 0) throw new ArgumentException("Concatenate needs at least one tensor.", nameof(parts));
        int rank = parts[0].Rank;
        axis = ShapeMath.NormalizeAxis(axis, rank);
        int[] shape = (int[])parts[0].ShapeRef.Clone();
        shape[axis] = 0;
        foreach (Tensor part in parts)
        {
            bool fits = part.Rank == rank;
            for (int d = 0; fits && d < rank; d++) fits = d == axis || part.ShapeRef[d] == parts[0].ShapeRef[d];
            if (!fits)
                throw new ArgumentException($"Concatenate along axis {axis} needs tensors whose other dimensions agree, got {string.Join(" and ", parts.Select(p => ShapeMath.Format(p.ShapeRef)))}.", nameof(parts));
            shape[axis] += part.ShapeRef[axis];
        }
        var (outer, _, inner) = ShapeMath.AroundAxis(shape, axis);
        Tensor result = Tensor.Uninitialized(shape);
        Span<float> dst = result.Span;
        int rowLength = shape[axis] * inner, start = 0;
        foreach (Tensor part in parts)
        {
            int chunk = part.ShapeRef[axis] * inner;
            ReadOnlySpan<float> src = part.Span;
            for (int o = 0; o < outer; o++) src.Slice(o * chunk, chunk).CopyTo(dst.Slice(o * rowLength + start, chunk));
            start += chunk;
        }
        Tensor[] inputs = [.. parts];
        if (!Autograd.Autograd.IsEnabled || !inputs.Any(p => p.RequiresGrad)) return result;
        return GraphWalk.Record(result, inputs, g =>
        {
            ReadOnlySpan<float> gs = g.Span;
            int offset = 0;
            foreach (Tensor part in inputs)
            {
                int chunk = part.ShapeRef[axis] * inner;
                if (part.RequiresGrad)
                {
                    var gp = new Tensor(part.ShapeRef);
                    Span<float> d = gp.Span;
                    for (int o = 0; o < outer; o++) gs.Slice(o * rowLength + offset, chunk).CopyTo(d.Slice(o * chunk, chunk));
                    GraphWalk.Accumulate(part, gp);
                }
                offset += chunk;
            }
        });
    }
}
