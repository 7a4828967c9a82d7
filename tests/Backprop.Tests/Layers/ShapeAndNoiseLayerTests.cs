using Backprop.Layers;
using Backprop.Tests.Ops;

namespace Backprop.Tests.Layers;

[Collection("Session")]
public class ShapeAndNoiseLayerTests
{
    [Fact]
    public void ReshapeInfersAndPassesGradients()
    {
        var layer = new Reshape([2, -1]);
        Assert.Equal(new[] { 2, 3 }, layer.ComputeOutputShape([6]));
        GradientCheck.Check(t => layer.Call(t[0]), x => x[0], [[4, 6]]);
        Assert.Equal(new[] { 4, 2, 3 }, layer.Call(Tensor.Zeros(4, 6)).Shape);
        Assert.Contains("cannot reshape samples of shape (None, 7)", Assert.Throws<ArgumentException>(() => new Reshape([2, -1]).Call(Tensor.Zeros(1, 7))).Message);
        Assert.Throws<ArgumentException>(() => new Reshape([-1, -1]));
    }

    [Fact]
    public void RescalingScalesAndOffsets()
    {
        var layer = new Rescaling(1f / 127.5f, offset: -1f);
        Assert.Equal(new[] { -1f, 0, 1 }, layer.Call(Tensor.FromArray(new float[] { 0, 127.5f, 255 }, 1, 3)).ToArray());
        GradientCheck.Check(t => new Rescaling(3f, 1f).Call(t[0]), x => x[0].Select(v => 3 * v + 1).ToArray(), [[2, 3]]);
    }

    [Fact]
    public void GaussianNoiseOnlyWhileTraining()
    {
        Utils.SetRandomSeed(3);
        var layer = new GaussianNoise(0.5f);
        var x = Tensor.Zeros(200, 100);
        float[] noisy = layer.Call(x, training: true).ToArray();
        double mean = noisy.Average(), std = Math.Sqrt(noisy.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(std, 0.49, 0.51);
        Assert.Equal(x.ToArray(), layer.Call(x, training: false).ToArray());
        Assert.Throws<ArgumentException>(() => new GaussianNoise(-1f));
    }
}
