using Backprop.Layers;

namespace Backprop.Tests.Layers.Convolutional;

public class FeatureMapNormalizationTests
{
    [Fact]
    public void BatchNormalizationOfFeatureMapsUsesEachChannelsMeanOverBatchAndPixels()
    {
        Utils.SetRandomSeed(12);
        var x = Tensor.RandomNormal([3, 4, 5, 2], mean: 1f, stddev: 2f);
        var layer = new BatchNormalization(center: false, scale: false);
        float[] y = layer.Call(x, training: true).ToArray();
        float[] v = x.ToArray();
        for (int c = 0; c < 2; c++)
        {
            // Keras: mean and population variance over every axis but the channel one, then (x − mean)/√(var + ε).
            double[] channel = Enumerable.Range(0, 60).Select(p => (double)v[p * 2 + c]).ToArray();
            double mean = channel.Average(), variance = channel.Select(d => (d - mean) * (d - mean)).Average();
            for (int p = 0; p < 60; p++)
                Assert.Equal((channel[p] - mean) / Math.Sqrt(variance + 1e-3), y[p * 2 + c], 4);
        }
    }

    [Fact]
    public void AxisOneNormalizesChannelsFirstMapsAsTheChannelsLastLayerDoesThePermutedOnes()
    {
        Utils.SetRandomSeed(13);
        var x = Tensor.RandomNormal([2, 3, 4, 4]);
        var first = new BatchNormalization(axis: 1, momentum: 0.5f);
        var last = new BatchNormalization(momentum: 0.5f);
        Tensor yFirst = first.Call(x, training: true);
        Tensor yLast = last.Call(Backprop.Ops.PermuteOp.Permute(x, [0, 2, 3, 1]), training: true);
        Assert.Equal(Backprop.Ops.PermuteOp.Permute(yLast, [0, 3, 1, 2]).ToArray(), yFirst.ToArray());
        Assert.Equal(last.MovingMean.ToArray(), first.MovingMean.ToArray());
        Assert.Equal([3], first.MovingMean.Shape);
        Assert.Contains("cannot normalize over the batch axis", Assert.Throws<ArgumentException>(() => new BatchNormalization(axis: 0)).Message);
        Assert.Contains("normalizes axis 3, which inputs of rank 3 do not have", Assert.Throws<ArgumentException>(() => new BatchNormalization(axis: 3).Build([4, 4])).Message);
        var config = Backprop.Serialization.KerasConfigWriter.Serialize(first);
        Assert.Equal(1, (int)config["config"]!["axis"]!);
        Assert.Null(Backprop.Serialization.KerasConfigWriter.Serialize(last)["config"]!["axis"]);   // Keras's default, left out: old files keep their bytes
    }

    [Fact]
    public void LayerNormalizationOverEveryFeatureMapAxisNormalizesEachSampleAsAWhole()
    {
        Utils.SetRandomSeed(15);
        var x = Tensor.RandomNormal([2, 3, 4, 2], mean: 3f, stddev: 2f);
        var layer = new LayerNormalization(axis: [1, 2, 3]);
        float[] y = layer.Call(x).ToArray(), v = x.ToArray();
        Assert.Equal([3, 4, 2], layer.Gamma!.Shape);   // Keras's param_shape: the normalized axes' sizes
        for (int b = 0; b < 2; b++)
        {
            double[] sample = Enumerable.Range(0, 24).Select(p => (double)v[b * 24 + p]).ToArray();
            double mean = sample.Average(), variance = sample.Select(d => (d - mean) * (d - mean)).Average();
            for (int p = 0; p < 24; p++) Assert.Equal((sample[p] - mean) / Math.Sqrt(variance + 1e-3), y[b * 24 + p], 4);
        }
        // One axis that is not the last: γ [3] broadcasts as [3, 1, 1].
        var rows = new LayerNormalization(axis: [1]);
        Assert.Equal([2, 3, 4, 2], rows.Call(x).Shape);
        Assert.Equal([3], rows.Gamma!.Shape);
        Assert.Contains("cannot normalize over the batch axis", Assert.Throws<ArgumentException>(() => new LayerNormalization(axis: [0, 1])).Message);
        Assert.Equal(new[] { 1, 2, 3 }, Backprop.Serialization.KerasConfigWriter.Serialize(layer)["config"]!["axis"]!.AsArray().Select(n => (int)n!));
        Assert.Null(Backprop.Serialization.KerasConfigWriter.Serialize(new LayerNormalization())["config"]!["axis"]);
    }
}
