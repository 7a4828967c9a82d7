using Backprop.Datasets;
using Backprop.Layers;
using Backprop.Optimizers;

namespace Backprop.Tests;

/// <summary>Bad arguments across the public API: each a specific exception whose message names the values.</summary>
public class BadArgumentTests
{
    [Theory]
    [InlineData(float.NaN)]
    [InlineData(-0.1f)]
    [InlineData(float.PositiveInfinity)]
    public void ALearningRateSetThroughThePropertyIsChecked(float rate)
    {
        var optimizer = new RMSprop();
        var e = Assert.Throws<ArgumentException>(() => optimizer.LearningRate = rate);
        Assert.Contains(rate.ToString(System.Globalization.CultureInfo.CurrentCulture), e.Message);
        Assert.Equal(0.001f, optimizer.LearningRate);
        optimizer.LearningRate = 0f;   // allowed: a callback may pause training, as in Keras
    }

    [Fact]
    public void DecayRatesAndEpsilonsThatBreakTheUpdateAreRefused()
    {
        Assert.Contains("beta1 must be in [0, 1), got 1", Assert.Throws<ArgumentException>(() => new Adam(beta1: 1f)).Message);
        Assert.Contains("beta2", Assert.Throws<ArgumentException>(() => new Nadam(beta2: -0.5f)).Message);
        Assert.Contains("epsilon must be a positive finite number", Assert.Throws<ArgumentException>(() => new Adam(epsilon: 0f)).Message);
        Assert.Throws<ArgumentException>(() => new AdamW(beta1: float.NaN));
        Assert.Throws<ArgumentException>(() => new Adamax(epsilon: float.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => new RMSprop(momentum: 1f));
        Assert.Throws<ArgumentException>(() => new Adadelta(rho: 1f));
        Assert.Throws<ArgumentException>(() => new Adagrad(epsilon: -1f));
    }

    [Fact]
    public void ClipWithNaNBoundsAndRowsPastTheEndSaySo()
    {
        var x = Tensor.Ones(3);
        Assert.Contains("min=NaN", Assert.Throws<ArgumentException>(() => x.Clip(float.NaN, 1f)).Message);
        Assert.Contains("max=NaN", Assert.Throws<ArgumentException>(() => x.Clip(0f, float.NaN)).Message);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Ones(4, 2).Rows(1 << 30, 1 << 30));
        Assert.Contains("2147483648", e.Message);   // the end of the range, not an overflowed negative number
    }

    [Fact]
    public void AHugeDenseSaysWhichWeightCouldNotBeMade()
    {
        var e = Assert.Throws<ArgumentException>(() => new Sequential(new Input(100_000), new Dense(100_000, name: "huge")));
        Assert.Contains("Layer 'huge' weight 'kernel' of shape [100000, 100000]", e.Message);
    }

    private static string Csv(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"bp-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e999")]
    public void CsvRefusesNonFiniteValuesNamingLineAndColumn(string value)
    {
        string path = Csv($"a,b\n1,2\n3,{value}\n");
        try
        {
            var e = Assert.Throws<FormatException>(() => Csv_Load(path));
            Assert.Contains("line 3, column 'b'", e.Message);
            Assert.Contains("not a finite number", e.Message);
        }
        finally { File.Delete(path); }
    }

    private static CsvTable Csv_Load(string path) => Backprop.Datasets.Csv.Load(path);

    [Fact]
    public void CsvRefusesALabelColumnGivenTwice()
    {
        string path = Csv("a,b,c\n1,2,3\n");
        try
        {
            var e = Assert.Throws<ArgumentException>(() => Backprop.Datasets.Csv.Load(path, ["c", "c"]));
            Assert.Contains("'c'", e.Message);
            Assert.Contains("given twice", e.Message);
            Assert.Throws<ArgumentException>(() => Backprop.Datasets.Csv.Load(path, [0, -3]));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void GaussianNoiseAboveOneIsRefusedAsKerasDoesAndLionPropagatesNaN()
    {
        Assert.Contains("[0, 1]", Assert.Throws<ArgumentException>(() => new GaussianNoise(1.5f)).Message);
        // A NaN gradient: Keras's ops.sign gives NaN weights (MathF.Sign threw ArithmeticException).
        var step = new Lion();
        var p = Tensor.Ones(2);
        p.RequiresGrad = true;
        (p * float.NaN).Sum().Backward();
        step.Apply([p]);
        Assert.All(p.ToArray(), v => Assert.True(float.IsNaN(v)));
    }
}
