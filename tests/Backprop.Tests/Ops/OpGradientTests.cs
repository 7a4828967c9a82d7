namespace Backprop.Tests.Ops;

public class OpGradientTests
{
    public static TheoryData<int[], int[]> BroadcastShapes => new()
    {
        { new[] { 3, 4 }, new[] { 3, 4 } },
        { new[] { 3, 4 }, new[] { 4 } },
        { new[] { 3, 1 }, new[] { 1, 4 } },
        { new[] { 2, 3, 4 }, new[] { 3, 1 } },
        { new[] { 4 }, new[] { 2, 3, 4 } },
        { new[] { 3, 4 }, new[] { 1 } },
    };

    [Theory, MemberData(nameof(BroadcastShapes))]
    public void Add(int[] sa, int[] sb) => GradientCheck.Check(t => t[0] + t[1], x => GradientCheck.Broadcast(x[0], sa, x[1], sb, (p, q) => p + q), [sa, sb]);

    [Theory, MemberData(nameof(BroadcastShapes))]
    public void Subtract(int[] sa, int[] sb) => GradientCheck.Check(t => t[0] - t[1], x => GradientCheck.Broadcast(x[0], sa, x[1], sb, (p, q) => p - q), [sa, sb]);

    [Theory, MemberData(nameof(BroadcastShapes))]
    public void Multiply(int[] sa, int[] sb) => GradientCheck.Check(t => t[0] * t[1], x => GradientCheck.Broadcast(x[0], sa, x[1], sb, (p, q) => p * q), [sa, sb]);

    [Theory, MemberData(nameof(BroadcastShapes))]
    public void Divide(int[] sa, int[] sb) => GradientCheck.Check(t => t[0] / t[1], x => GradientCheck.Broadcast(x[0], sa, x[1], sb, (p, q) => p / q), [sa, sb],
        sample: r => (r.NextDouble() + 0.5) * (r.Next(2) == 0 ? 1 : -1));

    [Fact]
    public void ScalarForms()
    {
        int[] s = [2, 3];
        GradientCheck.Check(t => t[0] + 2f, x => x[0].Select(v => v + 2).ToArray(), [s]);
        GradientCheck.Check(t => 2f - t[0], x => x[0].Select(v => 2 - v).ToArray(), [s]);
        GradientCheck.Check(t => t[0] - 2f, x => x[0].Select(v => v - 2).ToArray(), [s]);
        GradientCheck.Check(t => 3f * t[0], x => x[0].Select(v => 3 * v).ToArray(), [s]);
        GradientCheck.Check(t => t[0] / 4f, x => x[0].Select(v => v / 4).ToArray(), [s]);
        GradientCheck.Check(t => 2f / t[0], x => x[0].Select(v => 2 / v).ToArray(), [s], sample: r => r.NextDouble() + 0.5);
        GradientCheck.Check(t => -t[0], x => x[0].Select(v => -v).ToArray(), [s]);
    }

    [Fact]
    public void UnaryFunctions()
    {
        int[] s = [3, 5];
        Func<Random, double> positive = r => r.NextDouble() * 2 + 0.1;
        // Inputs for |x| and relu stay away from the kink at 0, where no derivative exists.
        Func<Random, double> awayFromZero = r => (r.NextDouble() + 0.05) * (r.Next(2) == 0 ? 1 : -1);
        GradientCheck.Check(t => t[0].Exp(), x => x[0].Select(Math.Exp).ToArray(), [s]);
        GradientCheck.Check(t => t[0].Log(), x => x[0].Select(v => Math.Log(v)).ToArray(), [s], sample: positive);
        GradientCheck.Check(t => t[0].Sqrt(), x => x[0].Select(v => Math.Sqrt(v)).ToArray(), [s], sample: positive);
        GradientCheck.Check(t => t[0].Square(), x => x[0].Select(v => v * v).ToArray(), [s]);
        GradientCheck.Check(t => t[0].Abs(), x => x[0].Select(v => Math.Abs(v)).ToArray(), [s], sample: awayFromZero);
        GradientCheck.Check(t => t[0].Pow(2.5f), x => x[0].Select(v => Math.Pow(v, 2.5)).ToArray(), [s], sample: positive);
        GradientCheck.Check(t => t[0].Clip(-0.5f, 0.5f), x => x[0].Select(v => Math.Clamp(v, -0.5, 0.5)).ToArray(), [s], sample: r => r.Next(2) == 0 ? r.NextDouble() * 0.8 - 0.4 : (0.6 + r.NextDouble()) * (r.Next(2) == 0 ? 1 : -1));
        GradientCheck.Check(t => t[0].Relu(), x => x[0].Select(v => Math.Max(v, 0)).ToArray(), [s], sample: awayFromZero);
        GradientCheck.Check(t => t[0].Sigmoid(), x => x[0].Select(v => 1 / (1 + Math.Exp(-v))).ToArray(), [s]);
        GradientCheck.Check(t => t[0].Tanh(), x => x[0].Select(v => Math.Tanh(v)).ToArray(), [s]);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(-1, false)]
    public void Reductions(int axis, bool keepDims)
    {
        int[] s = [3, 4];
        int a = axis < 0 ? axis + 2 : axis;
        GradientCheck.Check(t => t[0].Sum(axis, keepDims), x => Reduce(x[0], a, v => v.Sum()), [s]);
        GradientCheck.Check(t => t[0].Mean(axis, keepDims), x => Reduce(x[0], a, v => v.Average()), [s]);
        GradientCheck.Check(t => t[0].Max(axis, keepDims), x => Reduce(x[0], a, v => v.Max()), [s]);
        GradientCheck.Check(t => t[0].Sum(), x => [x[0].Sum()], [s]);
        GradientCheck.Check(t => t[0].Mean(), x => [x[0].Average()], [s]);
        GradientCheck.Check(t => t[0].Max(), x => [x[0].Max()], [s]);
    }

    [Fact]
    public void ReductionOverMiddleAxis() =>
        GradientCheck.Check(t => t[0].Sum(1), x =>
        {
            var r = new double[2 * 4];
            for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 4; k++) r[i * 4 + k] += x[0][(i * 3 + j) * 4 + k];
            return r;
        }, [[2, 3, 4]]);

    private static double[] Reduce(double[] x, int axis, Func<IEnumerable<double>, double> f) =>
        axis == 0 ? Enumerable.Range(0, 4).Select(j => f(Enumerable.Range(0, 3).Select(i => x[i * 4 + j]))).ToArray()
                  : Enumerable.Range(0, 3).Select(i => f(Enumerable.Range(0, 4).Select(j => x[i * 4 + j]))).ToArray();

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    public void SoftmaxAndLogSoftmax(int axis)
    {
        int[] s = [3, 4];
        GradientCheck.Check(t => t[0].Softmax(axis), x => Softmax(x[0], axis, log: false), [s]);
        GradientCheck.Check(t => t[0].LogSoftmax(axis), x => Softmax(x[0], axis, log: true), [s]);
    }

    private static double[] Softmax(double[] x, int axis, bool log)
    {
        var r = new double[12];
        for (int outer = 0; outer < (axis == 0 ? 4 : 3); outer++)
        {
            int[] idx = Enumerable.Range(0, axis == 0 ? 3 : 4).Select(l => axis == 0 ? l * 4 + outer : outer * 4 + l).ToArray();
            double sum = idx.Sum(i => Math.Exp(x[i]));
            foreach (int i in idx) r[i] = log ? x[i] - Math.Log(sum) : Math.Exp(x[i]) / sum;
        }
        return r;
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 5, 2)]
    [InlineData(17, 3, 9)]
    public void MatMul(int m, int k, int n) => GradientCheck.Check(t => t[0].MatMul(t[1]), x => NaiveMatMul(x[0], x[1], m, k, n), [[m, k], [k, n]]);

    [Fact]
    public void BatchedMatMul() => GradientCheck.Check(t => t[0].MatMul(t[1]), x =>
    {
        var r = new List<double>();
        for (int b = 0; b < 2; b++) r.AddRange(NaiveMatMul(x[0][(b * 12)..((b + 1) * 12)], x[1][(b * 20)..((b + 1) * 20)], 3, 4, 5));
        return r.ToArray();
    }, [[2, 3, 4], [2, 4, 5]]);

    public static double[] NaiveMatMul(double[] a, double[] b, int m, int k, int n)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) for (int p = 0; p < k; p++) c[i * n + j] += a[i * k + p] * b[p * n + j];
        return c;
    }

    [Fact]
    public void ReshapeAndTranspose()
    {
        GradientCheck.Check(t => t[0].Reshape(4, -1), x => x[0], [[2, 6]]);
        GradientCheck.Check(t => t[0].Transpose(), x => Enumerable.Range(0, 6).Select(f => x[0][(f % 2) * 3 + f / 2]).ToArray(), [[2, 3]]);
    }

    [Theory]
    [InlineData("linear")]
    [InlineData("relu")]
    [InlineData("tanh")]
    public void FusedDense(string activation)
    {
        var kind = Enum.Parse<Backprop.Ops.FusedActivation>(activation, ignoreCase: true);
        Func<double, double> f = activation switch
        {
            "relu" => v => Math.Max(v, 0),
            "tanh" => Math.Tanh,
            _ => v => v,
        };
        GradientCheck.Check(t => Backprop.Ops.DenseOp.Forward(t[0], t[1], t[2], kind), x =>
        {
            double[] z = NaiveMatMul(x[0], x[1], 4, 3, 5);
            return z.Select((v, i) => f(v + x[2][i % 5])).ToArray();
        }, [[4, 3], [3, 5], [5]], seed: 7);
    }

    [Fact]
    public void DenseWithSigmoidRunsTheGemmThenTheSigmoid()
    {
        // Sigmoid is not fused into the GEMM (it keeps its logits for a crossentropy): the layer's result and input
        // gradient still match a float64 σ(x·W + b).
        Utils.SetRandomSeed(7);
        var dense = new Backprop.Layers.Dense(5, activation: "sigmoid");
        dense.Build([3]);
        double[] w = dense.Kernel.ToArray().Select(v => (double)v).ToArray(), b = dense.Bias!.ToArray().Select(v => (double)v).ToArray();
        GradientCheck.Check(t => dense.Call(t[0]), x =>
            NaiveMatMul(x[0], w, 4, 3, 5).Select((v, i) => 1 / (1 + Math.Exp(-(v + b[i % 5])))).ToArray(), [[4, 3]], seed: 7);
    }

    [Fact]
    public void FusedSoftmaxCrossentropy()
    {
        var target = Tensor.FromArray(new float[] { 0, 1, 0, 1, 0, 0, 0, 0, 1 }, 3, 3);
        GradientCheck.Check(t => Backprop.Ops.CrossEntropyOps.SoftmaxCategorical(t[0], target, null), x =>
        {
            double total = 0;
            float[] y = target.ToArray();
            for (int row = 0; row < 3; row++)
            {
                double lse = Math.Log(Enumerable.Range(0, 3).Sum(j => Math.Exp(x[0][row * 3 + j])));
                for (int j = 0; j < 3; j++) total -= y[row * 3 + j] * (x[0][row * 3 + j] - lse);
            }
            return [total / 3];
        }, [[3, 3]]);
    }

    [Fact]
    public void FusedSigmoidBinaryCrossentropy()
    {
        var target = Tensor.FromArray(new float[] { 0, 1, 1, 0, 1, 0 }, 3, 2);
        GradientCheck.Check(t => Backprop.Ops.CrossEntropyOps.SigmoidBinary(t[0], target, null), x =>
        {
            double total = 0;
            for (int i = 0; i < 6; i++)
            {
                double p = 1 / (1 + Math.Exp(-x[0][i])), y = target.ToArray()[i];
                total -= y * Math.Log(p) + (1 - y) * Math.Log(1 - p);
            }
            return [total / 6];
        }, [[3, 2]]);
    }
}
