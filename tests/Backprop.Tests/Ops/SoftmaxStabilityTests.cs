using Backprop.Layers;

namespace Backprop.Tests.Ops;

/// <summary>Softmax far outside e^x's float range, against a float64 softmax computed in the test.</summary>
public class SoftmaxStabilityTests
{
    private static double[] Reference(double[] row)
    {
        double max = row.Max();
        double[] e = row.Select(v => Math.Exp(v - max)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    [Theory]
    [InlineData(90f, 0f)]
    [InlineData(-200f, -201f)]
    [InlineData(1000f, 999f)]
    [InlineData(-1e30f, 0f)]
    [InlineData(3.4e38f, -3.4e38f)]
    public void LargeLogitsGiveTheFloat64Softmax(float a, float b)
    {
        float[] got = Tensor.FromArray([a, b, 0.5f * (a + b)], 1, 3).Softmax().ToArray();
        double[] want = Reference([a, b, 0.5 * ((double)a + b)]);
        for (int i = 0; i < 3; i++) Assert.Equal(want[i], got[i], 1e-6);
    }

    [Fact]
    public void SoftmaxActivationOnAnInnerAxisAndItsLogAgreeForLargeLogits()
    {
        var x = Tensor.FromArray([500f, -500f, 100f, 101f], 2, 2);
        float[] p = x.Softmax(0).ToArray();
        Assert.Equal([1f, 0f, 0f, 1f], p);
        float[] logP = x.LogSoftmax(-1).ToArray();
        Assert.Equal(-1000f, logP[1], 3);
        Assert.Equal(Math.Log(Reference([100, 101])[0]), logP[2], 5);
    }

    [Fact]
    public void AModelRightOnEveryRowWithHugeLogitsScoresAccuracyOne()
    {
        // Weights that produce logits of ±200: the model is right on every row, so accuracy is 1 (it read 0.5 when softmax gave NaN).
        var model = new Sequential(new Input(2), new Dense(2, activation: "softmax"));
        model.Compile(optimizer: "sgd", loss: "categorical_crossentropy", metrics: ["accuracy"]);
        model.SetWeights([Tensor.FromArray(new float[,] { { 200f, -200f }, { -200f, 200f } }), Tensor.Zeros(2)]);
        var x = Tensor.FromArray(new float[,] { { 1, 0 }, { 0, 1 }, { 1, 0 }, { 0, 1 } });
        var y = Tensor.FromArray(new float[,] { { 1, 0 }, { 0, 1 }, { 1, 0 }, { 0, 1 } });
        Assert.Equal(1f, model.Evaluate(x, y)["accuracy"]);
        Assert.DoesNotContain(model.Predict(x).ToArray(), float.IsNaN);
    }

    [Fact]
    public void AnEmptyAxisGivesAnEmptyResult()
    {
        Assert.Equal([2, 0], Tensor.Zeros(2, 0).Softmax().Shape);
        Assert.Equal([2, 0], Tensor.Zeros(2, 0).LogSoftmax().Shape);
    }

    [Fact]
    public void ArgMaxAlongAnEmptyAxisSaysSo()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(3, 0).ArgMax());
        Assert.Contains("[3, 0]", e.Message);
        Assert.Contains("length 0", e.Message);
    }
}
