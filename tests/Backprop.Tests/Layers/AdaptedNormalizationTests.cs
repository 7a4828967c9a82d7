using Backprop.Layers;

namespace Backprop.Tests.Layers;

public class AdaptedNormalizationTests
{
    [Fact]
    public void AdaptLearnsFeatureStatisticsAndStandardises()
    {
        var layer = new Normalization();
        var data = Tensor.FromArray(new float[] { 1, 10, 3, 20, 5, 30 }, 3, 2);
        layer.Adapt(data);
        Assert.Equal(new[] { 3f, 20f }, layer.Mean);
        Assert.Equal(8f / 3, layer.Variance[0], 5);
        float[] y = layer.Call(data).ToArray();
        Assert.Equal((1 - 3) / Math.Sqrt(8.0 / 3), y[0], 5);
        Assert.Equal((30 - 20) / Math.Sqrt(200.0 / 3), y[5], 5);
        Assert.Equal(2, layer.NonTrainableWeights.Count);
        Assert.Contains("call Adapt", Assert.Throws<InvalidOperationException>(() => new Normalization().Call(data)).Message);
    }
}
