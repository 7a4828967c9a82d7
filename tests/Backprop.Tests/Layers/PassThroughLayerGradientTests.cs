using Backprop.Layers;
using Backprop.Tests.Ops;

namespace Backprop.Tests.Layers;

/// <summary>Finite-difference checks for the layers whose forward pass is affine or the identity.</summary>
public class PassThroughLayerGradientTests
{
    [Fact]
    public void NormalizationAfterAdapt()
    {
        var layer = new Normalization();
        layer.Adapt(Tensor.FromArray(new float[] { 1, 10, 3, 20, 5, 30 }, 3, 2));
        double[] mean = [3, 20], std = [Math.Sqrt(8.0 / 3), Math.Sqrt(200.0 / 3)];
        GradientCheck.Check(t => layer.Call(t[0]), x => x[0].Select((v, i) => (v - mean[i % 2]) / std[i % 2]).ToArray(), [[4, 2]]);
    }

    [Fact]
    public void GaussianNoiseAtInferenceIsTheIdentity() =>
        GradientCheck.Check(t => new GaussianNoise(0.3f).Call(t[0], training: false), x => x[0], [[3, 2]]);

    [Fact]
    public void ActivityRegularizationPenaltyGradient()
    {
        var layer = new ActivityRegularization(l1: 0.1f, l2: 0.5f);
        GradientCheck.Check(t => layer.Call(t[0]), x => x[0], [[2, 3]]);
        GradientCheck.Check(t =>
        {
            layer.Call(t[0]);
            return layer.RegularizationLosses().Single();
        }, x => [(0.1 * x[0].Sum(Math.Abs) + 0.5 * x[0].Sum(v => v * v)) / 2], [[2, 3]], sample: r => (r.NextDouble() + 0.05) * (r.Next(2) == 0 ? 1 : -1));
    }
}
