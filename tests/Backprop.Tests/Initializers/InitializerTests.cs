using Backprop.Initializers;

namespace Backprop.Tests.Initializers;

/// <summary>Statistics of large samples against Keras's formulas. With n = 100,000 draws the sample mean's
/// standard error is σ/316 and the sample std's about σ/447, so 2% of σ is over six standard errors.</summary>
[Collection("Session")]
public class InitializerTests
{
    private static (double Mean, double Std, float Min, float Max) Stats(Initializer init, int[] shape)
    {
        Utils.SetRandomSeed(123);
        float[] v = init.Create(shape).ToArray();
        double mean = v.Average();
        return (mean, Math.Sqrt(v.Select(x => (x - mean) * (x - mean)).Average()), v.Min(), v.Max());
    }

    private static void AssertStd(double expected, double actual) => Assert.InRange(actual, 0.98 * expected, 1.02 * expected);

    [Fact]
    public void VarianceScalingFamilyHasKerasVariances()
    {
        int[] shape = [400, 250];   // fan_in 400, fan_out 250
        // uniform in ±√(3·scale/n): std = √(scale/n)
        AssertStd(Math.Sqrt(2.0 / 650), Stats(new GlorotUniform(), shape).Std);
        AssertStd(Math.Sqrt(2.0 / 400), Stats(new HeUniform(), shape).Std);
        AssertStd(Math.Sqrt(1.0 / 400), Stats(new LecunUniform(), shape).Std);
        // Keras's truncated normal is corrected so the truncated sample has std √(scale/n).
        AssertStd(Math.Sqrt(2.0 / 650), Stats(new GlorotNormal(), shape).Std);
        AssertStd(Math.Sqrt(2.0 / 400), Stats(new HeNormal(), shape).Std);
        AssertStd(Math.Sqrt(1.0 / 400), Stats(new LecunNormal(), shape).Std);
        AssertStd(Math.Sqrt(3.0 / 250), Stats(new VarianceScaling(3, "fan_out", "untruncated_normal"), shape).Std);
        var (_, _, min, max) = Stats(new HeNormal(), shape);
        double limit = 2 * Math.Sqrt(2.0 / 400) / 0.87962566103423978;
        Assert.InRange(min, -limit, 0);
        Assert.InRange(max, 0, limit);
    }

    [Fact]
    public void RandomAndConstantInitializersUseKerasDefaults()
    {
        int[] shape = [100_000];
        var uniform = Stats(new RandomUniform(), shape);
        Assert.InRange(uniform.Min, -0.05f, -0.0499f);
        Assert.InRange(uniform.Max, 0.0499f, 0.05f);
        AssertStd(0.05, Stats(new RandomNormal(), shape).Std);
        var truncated = Stats(new TruncatedNormal(), shape);
        Assert.InRange(truncated.Min, -0.1f, -0.09f);
        AssertStd(0.05 * 0.87962566103423978, truncated.Std);   // cutting at 2σ leaves 0.8796σ
        Assert.All(new Constant(3f).Create([4]).ToArray(), v => Assert.Equal(3f, v));
    }

    [Theory]
    [InlineData(6, 4)]
    [InlineData(3, 5)]
    public void OrthogonalColumnsOrRowsAreOrthonormal(int rows, int cols)
    {
        Utils.SetRandomSeed(5);
        Tensor q = new Orthogonal(gain: 2f).Create([rows, cols]);
        Tensor gram = rows >= cols ? q.Transpose().MatMul(q) : q.MatMul(q.Transpose());
        int n = Math.Min(rows, cols);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) Assert.Equal(i == j ? 4f : 0f, gram[i, j], 4);
    }

    [Fact]
    public void IdentityAndBadNames()
    {
        Assert.Equal(new[] { 2f, 0, 0, 0, 2, 0 }, new Identity(2f).Create([2, 3]).ToArray());
        Assert.Throws<ArgumentException>(() => new Identity().Create([3]));
        Assert.Contains("orthogonal", Assert.Throws<ArgumentException>(() => Initializer.Get("orthogonl")).Message);
        Assert.Throws<ArgumentException>(() => new VarianceScaling(mode: "fan_mid"));
    }
}
