namespace Backprop.Tests.Ops;

/// <summary>
/// Finite-difference gradient checks against a float64 reference written independently in the test.
/// L(x) = Σ rᵢ·f(x)ᵢ with fixed random weights r, so every output element contributes. The
/// reference gradient is a central difference of the float64 reference (h = 1e-6, truncation error
/// O(h²) ≈ 1e-12, rounding error ≈ 1e-16/h = 1e-10: negligible). Autograd runs in float32, whose
/// unit roundoff is 6e-8; sums of up to a few hundred terms keep the relative error near 1e-5, so
/// a tolerance of 1e-3 relative (plus 1e-4 absolute for gradients near zero) fails any wrong
/// derivative while passing every correct one.
/// </summary>
internal static class GradientCheck
{
    public const double RelativeTolerance = 1e-3;
    public const double AbsoluteTolerance = 1e-4;

    public static void Check(Func<Tensor[], Tensor> op, Func<double[][], double[]> reference, int[][] shapes, int seed = 1,
        Func<Random, double>? sample = null)
    {
        var random = new Random(seed);
        sample ??= r => r.NextDouble() * 2 - 1;
        double[][] inputs = shapes.Select(s => Enumerable.Range(0, s.Aggregate(1, (a, b) => a * b)).Select(_ => sample(random)).ToArray()).ToArray();
        double[] expectedOut = reference(inputs);
        double[] weights = expectedOut.Select(_ => random.NextDouble() * 2 - 1).ToArray();

        Tensor[] tensors = inputs.Select((v, i) => Tensor.FromArray(v.Select(d => (float)d).ToArray(), shapes[i])).ToArray();
        foreach (var t in tensors) t.RequiresGrad = true;
        Tensor output = op(tensors);
        float[] actualOut = output.ToArray();
        Assert.Equal(expectedOut.Length, actualOut.Length);
        for (int i = 0; i < actualOut.Length; i++)
            AssertClose(expectedOut[i], actualOut[i], $"forward value {i}");

        var weightTensor = Tensor.FromArray(weights.Select(d => (float)d).ToArray(), output.Shape.Length == 0 ? [1] : output.Shape).Reshape(output.Shape);
        (output * weightTensor).Sum().Backward();

        const double h = 1e-6;
        for (int t = 0; t < inputs.Length; t++)
        {
            float[] grad = tensors[t].Grad!.ToArray();
            for (int i = 0; i < inputs[t].Length; i++)
            {
                double saved = inputs[t][i];
                inputs[t][i] = saved + h;
                double plus = Dot(weights, reference(inputs));
                inputs[t][i] = saved - h;
                double minus = Dot(weights, reference(inputs));
                inputs[t][i] = saved;
                AssertClose((plus - minus) / (2 * h), grad[i], $"d/d input{t}[{i}]");
            }
        }
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    public static void AssertClose(double expected, double actual, string what)
    {
        double tolerance = AbsoluteTolerance + RelativeTolerance * Math.Abs(expected);
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:G9}, got {actual:G9} (tolerance {tolerance:G3})");
    }

    /// <summary>Float64 NumPy broadcasting of a binary function, the reference for the broadcasting operators.</summary>
    public static double[] Broadcast(double[] a, int[] sa, double[] b, int[] sb, Func<double, double, double> f)
    {
        int rank = Math.Max(sa.Length, sb.Length);
        int[] pa = Enumerable.Repeat(1, rank - sa.Length).Concat(sa).ToArray();
        int[] pb = Enumerable.Repeat(1, rank - sb.Length).Concat(sb).ToArray();
        int[] so = pa.Zip(pb, Math.Max).ToArray();
        int total = so.Aggregate(1, (x, y) => x * y);
        var result = new double[total];
        var index = new int[rank];
        for (int flat = 0; flat < total; flat++)
        {
            int rem = flat;
            for (int d = rank - 1; d >= 0; d--) { index[d] = rem % so[d]; rem /= so[d]; }
            int ia = 0, ib = 0;
            for (int d = 0; d < rank; d++)
            {
                ia = ia * pa[d] + (pa[d] == 1 ? 0 : index[d]);
                ib = ib * pb[d] + (pb[d] == 1 ? 0 : index[d]);
            }
            result[flat] = f(a[ia], b[ib]);
        }
        return result;
    }
}
