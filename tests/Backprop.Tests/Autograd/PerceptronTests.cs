namespace Backprop.Tests.Autograd;

/// <summary>The lecture's perceptron: h = w·x + b, p = sigmoid(h), ŷ = round(p), l = (y − p)².</summary>
public class PerceptronTests
{
    private static readonly float[,] X = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } };
    private static readonly float[] Y = [0, 1, 1, 1];

    [Fact]
    public void ForwardTableMatchesTheLecture()
    {
        var w = Tensor.FromArray(new float[] { 1, -1 }, 2, 1);
        var b = Tensor.FromArray(new float[] { -0.5f }, 1);
        Tensor h = Tensor.FromArray(X).MatMul(w) + b;
        Tensor p = h.Sigmoid();
        Assert.Equal(new[] { -0.5f, -1.5f, 0.5f, -0.5f }, h.ToArray());
        float[] expectedP = [0.3775f, 0.1824f, 0.6225f, 0.3775f];
        float[] actualP = p.ToArray();
        for (int i = 0; i < 4; i++) Assert.Equal(expectedP[i], actualP[i], 4);
        // The lecture's slide prints p = 0.38 and ŷ = 0 for the row (1,0); sigmoid(0.5) = 0.6225, so ŷ = 1 there.
        Assert.Equal(new[] { 0f, 0f, 1f, 0f }, actualP.Select(v => MathF.Round(v)).ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void AutogradMatchesTheChainRule(int row)
    {
        var w1 = Tensor.FromArray(new float[] { 1 }, 1);
        var w2 = Tensor.FromArray(new float[] { -1 }, 1);
        var b = Tensor.FromArray(new float[] { -0.5f }, 1);
        foreach (var t in new[] { w1, w2, b }) t.RequiresGrad = true;
        float x1 = X[row, 0], x2 = X[row, 1], y = Y[row];
        Tensor p = (w1 * x1 + w2 * x2 + b).Sigmoid();
        Tensor loss = (y - p).Square();
        loss.Backward();
        double pv = 1 / (1 + Math.Exp(-(x1 - x2 - 0.5)));
        double common = 2 * (pv - y) * pv * (1 - pv);   // ∂l/∂h
        // float32 autograd against the float64 formula: 1e-6 is ~20 float32 ulps at these magnitudes.
        Assert.InRange(w1.Grad!.Item(), common * x1 - 1e-6, common * x1 + 1e-6);
        Assert.InRange(w2.Grad!.Item(), common * x2 - 1e-6, common * x2 + 1e-6);
        Assert.InRange(b.Grad!.Item(), common - 1e-6, common + 1e-6);
    }
}
