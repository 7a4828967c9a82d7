using Backprop.Autograd;

namespace Backprop.Ops;

/// <summary>The axes of a tensor in another order (NumPy's <c>transpose(x, axes)</c>), a copy; the gradient is the
/// inverse permutation of the output's gradient.</summary>
internal static class PermuteOp
{
    public static Tensor Permute(Tensor x, int[] axes)
    {
        int rank = x.Rank;
        if (axes.Length != rank || axes.Order().Where((a, i) => a != i).Any())
            throw new ArgumentException($"Permute needs a permutation of 0..{rank - 1}, got ({string.Join(", ", axes)}).", nameof(axes));
        Tensor result = Tensor.Uninitialized(Array.ConvertAll(axes, a => x.ShapeRef[a]));
        Copy(x, axes, result);
        if (!GraphWalk.ShouldRecord(x)) return result;
        var inverse = new int[rank];
        for (int i = 0; i < rank; i++) inverse[axes[i]] = i;
        return GraphWalk.Record(result, [x], g =>
        {
            var gx = new Tensor(x.ShapeRef);
            Copy(g, inverse, gx);
            GraphWalk.Accumulate(x, gx);
        });
    }

    // Walks the output in order, reading the input through its strides permuted.
    private static void Copy(Tensor source, int[] axes, Tensor destination)
    {
        int rank = axes.Length;
        int[] sourceStrides = new int[rank];
        for (int d = rank - 1, stride = 1; d >= 0; stride *= source.ShapeRef[d], d--) sourceStrides[d] = stride;
        int[] strides = Array.ConvertAll(axes, a => sourceStrides[a]);
        int[] shape = destination.ShapeRef, index = new int[rank];
        ReadOnlySpan<float> src = source.Span;
        Span<float> dst = destination.Span;
        int from = 0;
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] = src[from];
            for (int d = rank - 1; d >= 0; d--)
            {
                index[d]++;
                from += strides[d];
                if (index[d] < shape[d]) break;
                from -= strides[d] * shape[d];
                index[d] = 0;
            }
        }
    }
}
