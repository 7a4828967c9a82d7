using Backprop.Losses;
using Backprop.Tests.Ops;

namespace Backprop.Tests.Losses;

/// <summary>Keras 3's formulas (keras/src/losses/losses.py) written out in float64 here, checked for value and gradient.</summary>
public class MoreLossTests
{
    private const double Eps = 1e-7;
    private static readonly int[] Shape = [3, 4];

    private static void Check(Loss loss, float[] yTrue, Func<double, double, double> perElement, Func<double[], double[], double>? perRow = null,
        Func<Random, double>? sample = null)
    {
        var target = Tensor.FromArray(yTrue, Shape);
        GradientCheck.Check(t => loss.Call(target, t[0]), x =>
        {
            double total = 0;
            for (int r = 0; r < 3; r++)
            {
                double[] yt = Enumerable.Range(0, 4).Select(c => (double)yTrue[r * 4 + c]).ToArray();
                double[] yp = x[0][(r * 4)..(r * 4 + 4)];
                total += perRow is not null ? perRow(yt, yp) : yt.Zip(yp, perElement).Average();
            }
            return [total / 3];
        }, [Shape], sample: sample);
    }

    private static readonly float[] Regression = [0.5f, -1.2f, 2f, 0.1f, 1f, 1.5f, -0.3f, 0.8f, -2f, 0.4f, 1.1f, -0.6f];
    private static readonly float[] Positive = [0.5f, 1.2f, 2f, 0.1f, 1f, 1.5f, 0.3f, 0.8f, 2f, 0.4f, 1.1f, 0.6f];
    private static readonly float[] Binary = [0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0];
    private static readonly float[] OneHot = [0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0];
    private static readonly float[] Distribution = [0.1f, 0.2f, 0.3f, 0.4f, 0.25f, 0.25f, 0.25f, 0.25f, 0.7f, 0.1f, 0.1f, 0.1f];
    private static double PositiveSample(Random r) => 0.2 + r.NextDouble() * 2;

    [Fact]
    public void MeanAbsolutePercentageError() => Check(new MeanAbsolutePercentageError(), Regression, (t, p) => 100 * Math.Abs(t - p) / Math.Max(Math.Abs(t), Eps));

    [Fact]
    public void MeanSquaredLogarithmicError() => Check(new MeanSquaredLogarithmicError(), Positive,
        (t, p) => Math.Pow(Math.Log(Math.Max(p, Eps) + 1) - Math.Log(Math.Max(t, Eps) + 1), 2), sample: PositiveSample);

    [Fact]
    public void HuberOnBothSidesOfDelta() => Check(new Huber(0.5f), Regression, (t, p) =>
    {
        double e = Math.Abs(p - t);
        return e <= 0.5 ? 0.5 * e * e : 0.5 * e - 0.5 * 0.25;
    }, sample: r => r.NextDouble() * 4 - 2);

    [Fact]
    public void LogCosh() => Check(new LogCosh(), Regression, (t, p) => Math.Log(Math.Cosh(p - t)));

    [Fact]
    public void HingeAndSquaredHingeMapZeroOneLabels()
    {
        Check(new Hinge(), Binary, (t, p) => Math.Max(1 - (2 * t - 1) * p, 0), sample: r => r.NextDouble() * 0.8 - 0.4);
        Check(new SquaredHinge(), Binary, (t, p) => Math.Pow(Math.Max(1 - (2 * t - 1) * p, 0), 2));
    }

    [Fact]
    public void CategoricalHinge() => Check(new CategoricalHinge(), OneHot, null!, (t, p) =>
    {
        double pos = t.Zip(p, (a, b) => a * b).Sum();
        double neg = t.Zip(p, (a, b) => (1 - a) * b).Max();
        return Math.Max(neg - pos + 1, 0);
    });

    [Fact]
    public void KLDivergence() => Check(new KLDivergence(), Distribution, null!, (t, p) =>
        t.Zip(p, (a, b) => Math.Clamp(a, Eps, 1) * Math.Log(Math.Clamp(a, Eps, 1) / Math.Clamp(b, Eps, 1))).Sum(), sample: r => 0.05 + r.NextDouble() * 0.9);

    [Fact]
    public void Poisson() => Check(new Poisson(), Positive, (t, p) => p - t * Math.Log(p + Eps), sample: PositiveSample);

    [Fact]
    public void CosineSimilarity() => Check(new CosineSimilarity(), Regression, null!, (t, p) =>
    {
        double nt = Math.Sqrt(t.Sum(v => v * v)), np = Math.Sqrt(p.Sum(v => v * v));
        return -t.Zip(p, (a, b) => a / nt * (b / np)).Sum();
    });

    [Fact]
    public void LabelSmoothingFollowsKeras()
    {
        // Binary: y·(1 − s) + 0.5·s; categorical: y·(1 − s) + s / classes.
        var p = Tensor.FromArray(new float[] { 0.8f, 0.3f }, 1, 2);
        float smoothedBinary = new BinaryCrossentropy(labelSmoothing: 0.2f).Call(Tensor.FromArray(new float[] { 1, 0 }, 1, 2), p).Item();
        float explicitBinary = new BinaryCrossentropy().Call(Tensor.FromArray(new float[] { 0.9f, 0.1f }, 1, 2), p).Item();
        Assert.Equal(explicitBinary, smoothedBinary, 6);
        var q = Tensor.FromArray(new float[] { 0.7f, 0.2f, 0.1f }, 1, 3);
        float smoothedCategorical = new CategoricalCrossentropy(labelSmoothing: 0.3f).Call(Tensor.FromArray(new float[] { 1, 0, 0 }, 1, 3), q).Item();
        float explicitCategorical = new CategoricalCrossentropy().Call(Tensor.FromArray(new float[] { 0.8f, 0.1f, 0.1f }, 1, 3), q).Item();
        Assert.Equal(explicitCategorical, smoothedCategorical, 6);
        Assert.Throws<ArgumentException>(() => new CategoricalCrossentropy(labelSmoothing: 1.5f));
    }

    [Fact]
    public void NamesResolve()
    {
        foreach (string name in new[] { "mape", "msle", "huber", "log_cosh", "hinge", "squared_hinge", "categorical_hinge", "kld", "poisson", "cosine_similarity" })
            Assert.NotNull(Loss.Get(name));
    }
}
