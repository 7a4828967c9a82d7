using Backprop.Datasets;

namespace Backprop.Tests.Data;

public class ByteImagesTests
{
    [Fact]
    public void ShapeCountAndReshapeShareTheBytes()
    {
        byte[] pixels = Enumerable.Range(0, 24).Select(i => (byte)i).ToArray();
        var images = new ByteImages(pixels, 3, 2, 4);
        Assert.Equal(3, images.Count);
        Assert.Equal(8, images.SampleSize);
        ByteImages flat = images.Reshape(-1, 8);
        Assert.Equal(new[] { 3, 8 }, flat.Shape);
        Assert.Same(pixels, flat.Pixels);
        Tensor t = flat.ToTensor();
        Assert.Equal(new[] { 3, 8 }, t.Shape);
        Assert.Equal(13f, t[1, 5]);
    }

    [Fact]
    public void ShapesThatDoNotHoldTheBytesAreRefused()
    {
        Assert.Contains("Cannot reshape 6 elements into [4, 2]", Assert.Throws<ArgumentException>(() => new ByteImages(new byte[6], 4, 2)).Message);
        Assert.Contains("sample axis", Assert.Throws<ArgumentException>(() => new ByteImages(new byte[1])).Message);
        Assert.Contains("Cannot reshape 6 elements into [-1, 4]", Assert.Throws<ArgumentException>(() => new ByteImages(new byte[6], 6).Reshape(-1, 4)).Message);
    }

    [Fact]
    public void FromTensorTakesWholeNumbersInByteRangeOnly()
    {
        ByteImages ok = ByteImages.FromTensor(Tensor.FromArray(new float[] { 0, 17, 255, 3 }, 2, 2));
        Assert.Equal(new byte[] { 0, 17, 255, 3 }, ok.Pixels);
        Assert.Equal(new[] { 2, 2 }, ok.Shape);
        foreach (float bad in new[] { 256f, -1f, 0.5f, float.NaN })
        {
            var e = Assert.Throws<ArgumentException>(() => ByteImages.FromTensor(Tensor.FromArray(new float[] { 1, bad }, 2)));
            Assert.Contains("at flat index 1", e.Message);
        }
    }
}
