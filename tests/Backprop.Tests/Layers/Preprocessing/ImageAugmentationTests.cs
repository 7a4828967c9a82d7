using Backprop.Layers;

namespace Backprop.Tests.Layers.Preprocessing;

[Collection("Session")]
public class ImageAugmentationTests
{
    private static Tensor Images() => Tensor.FromArray(Enumerable.Range(0, 6 * 2 * 3 * 2).Select(i => (float)i).ToArray(), 6, 2, 3, 2);

    [Fact]
    public void RandomFlipIsTheIdentityInInferenceAndASeededHalfTurnOrNothingInTraining()
    {
        Tensor x = Images();
        var layer = new RandomFlip();
        Assert.Equal(x.ToArray(), layer.Call(x).ToArray());
        Utils.SetRandomSeed(4);
        float[] y = layer.Call(x, training: true).ToArray();
        float[] v = x.ToArray();
        int flipped = 0;
        for (int i = 0; i < 6; i++)
        {
            // Keras draws one decision per image and applies it to both axes: unchanged, or pixel (r, q) from (1 − r, 2 − q).
            bool same = Enumerable.Range(0, 12).All(k => y[i * 12 + k] == v[i * 12 + k]);
            bool half = Enumerable.Range(0, 6).All(p => Enumerable.Range(0, 2).All(c =>
                y[i * 12 + p * 2 + c] == v[i * 12 + ((1 - p / 3) * 3 + (2 - p % 3)) * 2 + c]));
            Assert.True(same || half, $"image {i} is neither unchanged nor turned");
            if (!same) flipped++;
        }
        Assert.InRange(flipped, 1, 5);
        Utils.SetRandomSeed(4);
        Assert.Equal(y, new RandomFlip().Call(x, training: true).ToArray());
        Assert.Contains("Unknown mode 'diagonal'", Assert.Throws<ArgumentException>(() => new RandomFlip("diagonal")).Message);
    }

    [Fact]
    public void RandomFlipHorizontalMirrorsColumnsOnly()
    {
        Utils.SetRandomSeed(1);
        Tensor x = Images();
        float[] y = new RandomFlip("horizontal").Call(x, training: true).ToArray(), v = x.ToArray();
        for (int i = 0; i < 6; i++)
        {
            bool same = y[i * 12] == v[i * 12];
            for (int r = 0; r < 2; r++)
                for (int q = 0; q < 3; q++)
                    Assert.Equal(v[i * 12 + (r * 3 + (same ? q : 2 - q)) * 2], y[i * 12 + (r * 3 + q) * 2]);
        }
    }

    [Fact]
    public void RandomContrastScalesEachImageAboutItsChannelMeansByAFactorFromOneToOnePlusFactor()
    {
        Utils.SetRandomSeed(2);
        var x = Tensor.RandomUniform([5, 4, 4, 3], 100f, 150f);
        var layer = new RandomContrast(0.5f);
        Assert.Equal((0f, 0.5f), layer.Factor);   // Keras 3: (max(−0.5, 0), 0.5)
        Assert.Equal(x.ToArray(), layer.Call(x).ToArray());
        float[] y = layer.Call(x, training: true).ToArray(), v = x.ToArray();
        for (int i = 0; i < 5; i++)
        {
            double f = double.NaN;
            for (int c = 0; c < 3; c++)
            {
                double mean = Enumerable.Range(0, 16).Average(p => (double)v[(i * 16 + p) * 3 + c]);
                for (int p = 0; p < 16; p++)
                {
                    int at = (i * 16 + p) * 3 + c;
                    double here = (y[at] - mean) / (v[at] - mean);
                    if (double.IsNaN(f)) f = here;
                    Assert.Equal(f, here, 3);   // one factor for the whole image
                }
            }
            Assert.InRange(f, 1.0, 1.5);
        }
        Assert.Contains("in the range [0, 1]", Assert.Throws<ArgumentException>(() => new RandomContrast(1.5f)).Message);
        // Clipped to the value range.
        Assert.All(new RandomContrast((0.9f, 0.9f), valueRange: (110f, 140f)).Call(x, training: true).ToArray(), p => Assert.InRange(p, 110f, 140f));
    }
}
