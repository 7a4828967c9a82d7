using Backprop.Layers;
using Backprop.Tests.Ops;

namespace Backprop.Tests.Layers;

/// <summary>Merge and structure layers: forward values and gradients against float64 references written here
/// (finite differences), and Keras's shape rules (keras/src/layers/merging/).</summary>
public class MergeLayerTests
{
    private static Func<Tensor[], Tensor> Merged(Merge layer) => xs => layer.Call(xs);

    private static double[] Zip(double[][] xs, Func<double[], double> f) =>
        Enumerable.Range(0, xs[0].Length).Select(i => f(xs.Select(x => x[i]).ToArray())).ToArray();

    [Fact]
    public void ElementwiseMergesMatchTheirFormulas()
    {
        int[][] three = [[2, 3], [2, 3], [2, 3]];
        GradientCheck.Check(Merged(new Add()), xs => Zip(xs, v => v.Sum()), three);
        GradientCheck.Check(Merged(new Average()), xs => Zip(xs, v => v.Average()), three);
        GradientCheck.Check(Merged(new Multiply()), xs => Zip(xs, v => v.Aggregate(1.0, (p, e) => p * e)), three);
        GradientCheck.Check(Merged(new Maximum()), xs => Zip(xs, v => v.Max()), three);
        GradientCheck.Check(Merged(new Minimum()), xs => Zip(xs, v => v.Min()), three);
        GradientCheck.Check(Merged(new Subtract()), xs => Zip(xs, v => v[0] - v[1]), [[2, 3], [2, 3]]);
    }

    [Fact]
    public void ElementwiseMergesBroadcastAsKeras()
    {
        // (None, 3) against (None, 1): the size-1 axis meets any size.
        GradientCheck.Check(Merged(new Multiply()), xs => GradientCheck.Broadcast(xs[0], [2, 3], xs[1], [2, 1], (a, b) => a * b), [[2, 3], [2, 1]]);
        // (None, 2, 3) against (None, 3): Keras inserts the missing axis after the batch axis, (None, 1, 3).
        GradientCheck.Check(xs => new Maximum().Call([xs[0], xs[1]]),
            xs => GradientCheck.Broadcast(xs[0], [2, 2, 3], xs[1], [2, 1, 3], Math.Max), [[2, 2, 3], [2, 3]]);
        Assert.Equal([2, 3], new Add().ComputeOutputShape([[2, 3], [3]]));
        Assert.Equal([4, 5], new Add().ComputeOutputShape([[4, 1], [1, 5]]));
    }

    [Fact]
    public void MaximumGivesATieToTheFirstInput()
    {
        Tensor a = Tensor.FromArray([1f, 2f], 1, 2), b = Tensor.FromArray([1f, 3f], 1, 2);
        a.RequiresGrad = b.RequiresGrad = true;
        new Maximum().Call([a, b]).Sum().Backward();
        Assert.Equal([1f, 0f], a.Grad!.ToArray());
        Assert.Equal([0f, 1f], b.Grad!.ToArray());
    }

    [Fact]
    public void ConcatenateJoinsAlongItsAxis()
    {
        GradientCheck.Check(Merged(new Concatenate()), xs => Enumerable.Range(0, 2).SelectMany(r => xs[0].Skip(r * 3).Take(3).Concat(xs[1].Skip(r * 2).Take(2))).ToArray(),
            [[2, 3], [2, 2]]);
        // Axis 1 of (None, 2, 3) and (None, 1, 3): the rows of each sample, one input's after the other's.
        GradientCheck.Check(Merged(new Concatenate(axis: 1)), xs => Enumerable.Range(0, 2).SelectMany(n => xs[0].Skip(n * 6).Take(6).Concat(xs[1].Skip(n * 3).Take(3))).ToArray(),
            [[2, 2, 3], [2, 1, 3]]);
        Assert.Equal([2, 7], new Concatenate().ComputeOutputShape([[2, 3], [2, 4]]));
        var mismatch = Assert.Throws<ArgumentException>(() => new Concatenate(name: "cat").ComputeOutputShape([[2, 3], [3, 4]]));
        Assert.Contains("(None, 2, 3) and (None, 3, 4)", mismatch.Message);
        Assert.Throws<ArgumentException>(() => new Concatenate(axis: 0).ComputeOutputShape([[3], [3]]));
    }

    [Fact]
    public void DotSumsOverTheGivenAxes()
    {
        // (N, 3)·(N, 3) over axis 1: one number per sample, shape (N, 1).
        GradientCheck.Check(Merged(new Dot(axes: 1)), xs => Enumerable.Range(0, 2).Select(n => Enumerable.Range(0, 3).Sum(k => xs[0][n * 3 + k] * xs[1][n * 3 + k])).ToArray(),
            [[2, 3], [2, 3]]);
        // normalize: the cosine similarity.
        GradientCheck.Check(Merged(new Dot(axes: 1, normalize: true)), xs => Enumerable.Range(0, 2).Select(n =>
        {
            double dot = 0, na = 0, nb = 0;
            for (int k = 0; k < 3; k++) { dot += xs[0][n * 3 + k] * xs[1][n * 3 + k]; na += xs[0][n * 3 + k] * xs[0][n * 3 + k]; nb += xs[1][n * 3 + k] * xs[1][n * 3 + k]; }
            return dot / Math.Sqrt(na) / Math.Sqrt(nb);
        }).ToArray(), [[2, 3], [2, 3]]);
        // (N, 2, 3)·(N, 4, 3) over axes 2: out[n, i, j] = Σₖ a[n, i, k]·b[n, j, k].
        GradientCheck.Check(Merged(new Dot(axes: 2)), xs => Batched(2, 2, 4, 3, (n, i, k) => xs[0][(n * 2 + i) * 3 + k], (n, j, k) => xs[1][(n * 4 + j) * 3 + k]),
            [[2, 2, 3], [2, 4, 3]]);
        // (N, 3, 2)·(N, 3, 4) over axes (1, 1): out[n, i, j] = Σₖ a[n, k, i]·b[n, k, j].
        GradientCheck.Check(Merged(new Dot(axes: [1, 1])), xs => Batched(2, 2, 4, 3, (n, i, k) => xs[0][(n * 3 + k) * 2 + i], (n, j, k) => xs[1][(n * 3 + k) * 4 + j]),
            [[2, 3, 2], [2, 3, 4]]);
        // Keras's normalize floors Σx² at ε² = 1e-14, so a zero vector gives 0, not NaN.
        Assert.Equal([0f], new Dot(1, normalize: true).Call([Tensor.Zeros(1, 3), Tensor.Ones(1, 3)]).ToArray());
        Assert.Equal([1], new Dot(1).ComputeOutputShape([[5], [5]]));
        Assert.Equal([2, 4], new Dot(2).ComputeOutputShape([[2, 3], [4, 3]]));
        var mismatch = Assert.Throws<ArgumentException>(() => new Dot(1, name: "dot").ComputeOutputShape([[5], [4]]));
        Assert.Contains("(None, 5) and (None, 4)", mismatch.Message);
    }

    private static double[] Batched(int batch, int rows, int cols, int depth, Func<int, int, int, double> a, Func<int, int, int, double> b)
    {
        var result = new double[batch * rows * cols];
        for (int n = 0; n < batch; n++)
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++)
                    for (int k = 0; k < depth; k++) result[(n * rows + i) * cols + j] += a(n, i, k) * b(n, j, k);
        return result;
    }

    [Fact]
    public void StructureLayersMoveValuesAsKeras()
    {
        // Permute([2, 1]) on (N, 3, 4): out[n, j, i] = x[n, i, j].
        GradientCheck.Check(xs => new Permute([2, 1]).Call(xs[0]), xs => Enumerable.Range(0, 2 * 4 * 3).Select(f =>
        {
            int n = f / 12, j = f / 3 % 4, i = f % 3;
            return xs[0][(n * 3 + i) * 4 + j];
        }).ToArray(), [[2, 3, 4]]);
        Assert.Equal([4, 2, 3], new Permute([3, 1, 2]).ComputeOutputShape([2, 3, 4]));
        Assert.Throws<ArgumentException>(() => new Permute([0, 1]));
        // RepeatVector(3) on (N, 4): out[n, r, d] = x[n, d]; the gradient sums the copies.
        GradientCheck.Check(xs => new RepeatVector(3).Call(xs[0]), xs => Enumerable.Range(0, 2 * 3 * 4).Select(f => xs[0][f / 12 * 4 + f % 4]).ToArray(), [[2, 4]]);
        // Softmax over axis 1 of (N, 3, 2): each (n, ·, c) column sums to 1.
        GradientCheck.Check(xs => new Softmax(axis: 1).Call(xs[0]), xs => Enumerable.Range(0, 12).Select(f =>
        {
            int n = f / 6, c = f % 2;
            double total = Enumerable.Range(0, 3).Sum(r => Math.Exp(xs[0][n * 6 + r * 2 + c]));
            return Math.Exp(xs[0][f]) / total;
        }).ToArray(), [[2, 3, 2]]);
        Tensor x = Tensor.FromArray([1f, -2f, 3f], 1, 3);
        Assert.Equal(x.ToArray(), new Identity().Call(x).ToArray());
    }
}
