using Backprop.Optimizers;
using Backprop.Optimizers.Schedules;

namespace Backprop.Tests.Optimizers;

/// <summary>Each schedule against Keras's formula worked by hand at chosen steps.</summary>
public class ScheduleTests
{
    [Fact]
    public void DecaySchedules()
    {
        Assert.Equal(0.05f, new ExponentialDecay(0.1f, 10, 0.5f).At(10), 6);
        Assert.Equal(0.1f * MathF.Sqrt(0.5f), new ExponentialDecay(0.1f, 10, 0.5f).At(5), 6);
        Assert.Equal(0.1f, new ExponentialDecay(0.1f, 10, 0.5f, staircase: true).At(5), 6);
        Assert.Equal(0.05f, new InverseTimeDecay(0.1f, 1, 0.5f).At(2), 6);
        var piecewise = new PiecewiseConstantDecay([100, 110], [1f, 0.5f, 0.1f]);
        Assert.Equal(new[] { 1f, 1f, 0.5f, 0.5f, 0.1f }, new long[] { 0, 100, 101, 110, 111 }.Select(piecewise.At).ToArray());
        Assert.Equal(0.055f, new PolynomialDecay(0.1f, 10, 0.01f).At(5), 6);
        Assert.Equal(0.01f, new PolynomialDecay(0.1f, 10, 0.01f).At(20), 6);
        Assert.Equal(0.09f * 0.25f + 0.01f, new PolynomialDecay(0.1f, 10, 0.01f, cycle: true).At(15), 6);   // horizon grows to 20
        Assert.Throws<ArgumentException>(() => new PiecewiseConstantDecay([1], [1f]));
    }

    [Fact]
    public void CosineSchedules()
    {
        Assert.Equal(0.05f, new CosineDecay(0.1f, 10).At(5), 6);
        Assert.Equal(0.01f, new CosineDecay(0.1f, 10, alpha: 0.1f).At(10), 6);
        var warm = new CosineDecay(0f, 10, warmupTarget: 0.1f, warmupSteps: 5);
        Assert.Equal(new[] { 0.04f, 0.1f, 0.05f, 0f }, new long[] { 2, 5, 10, 15 }.Select(s => MathF.Round(warm.At(s), 6)).ToArray());
        var restarts = new CosineDecayRestarts(1f, 10);   // periods 10, 20, 40, …
        Assert.Equal(new[] { 1f, 0.5f, 1f, 0.5f, 1f }, new long[] { 0, 5, 10, 20, 30 }.Select(s => MathF.Round(restarts.At(s), 5)).ToArray());
    }

    [Fact]
    public void OptimizerFollowsItsScheduleStepByStep()
    {
        var optimizer = new SGD { Schedule = new ExponentialDecay(1f, 1, 0.5f) };
        var w = Tensor.Zeros(1);
        for (int i = 0; i < 3; i++) optimizer.Apply([Tensor.Ones(1)], [w]);
        Assert.Equal(-(1f + 0.5f + 0.25f), w.Item(), 6);
        Assert.Equal(0.125f, optimizer.LearningRate, 6);
        Assert.Throws<InvalidOperationException>(() => optimizer.LearningRate = 0.1f);
    }
}
