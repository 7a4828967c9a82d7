using Backprop.Layers;

namespace Backprop.Tests.Layers;

/// <summary>The dropout mask's draws: the drop rate at even and odd positions (two elements share a 64-bit draw),
/// no correlation between the pair, an odd-length tail, the backward as the same mask, and seeded repeatability.</summary>
[Collection("Session")]
public class DropoutMaskTests
{
    [Fact]
    public void EachElementDropsWithTheRateIndependentlyOfItsNeighbour()
    {
        Utils.SetRandomSeed(12);
        const int n = 200_001;   // odd: the last element takes a draw of its own
        float[] y = new Dropout(0.3f).Call(Tensor.Ones(1, n), training: true).ToArray();
        Assert.All(y, v => Assert.True(v == 0f || v == 1f / 0.7f, $"{v} is neither 0 nor 1/(1 − rate)"));
        double Rate(IEnumerable<float> v) => v.Count(f => f == 0f) / (double)v.Count();
        // 100,000 draws: a standard deviation of 0.0014, so ±0.006 is over 4 of them.
        Assert.InRange(Rate(y.Where((_, i) => i % 2 == 0)), 0.294, 0.306);
        Assert.InRange(Rate(y.Where((_, i) => i % 2 == 1)), 0.294, 0.306);
        // Both of a pair dropped: 0.09 if independent.
        double both = Enumerable.Range(0, n / 2).Count(p => y[2 * p] == 0f && y[2 * p + 1] == 0f) / (double)(n / 2);
        Assert.InRange(both, 0.085, 0.095);
        Utils.SetRandomSeed(12);
        Assert.Equal(y, new Dropout(0.3f).Call(Tensor.Ones(1, n), training: true).ToArray());
    }

    [Fact]
    public void TheGradientIsTheSameMask()
    {
        Utils.SetRandomSeed(3);
        var x = Tensor.RandomNormal([4, 9]);
        x.RequiresGrad = true;
        Tensor y = new Dropout(0.5f).Call(x, training: true);
        (y * 3f).Sum().Backward();
        float[] xs = x.ToArray(), ys = y.ToArray(), g = x.Grad!.ToArray();
        for (int i = 0; i < xs.Length; i++) Assert.Equal(ys[i] == 0f ? 0f : 6f, g[i]);   // 3 · 1/(1 − ½)
    }
}
