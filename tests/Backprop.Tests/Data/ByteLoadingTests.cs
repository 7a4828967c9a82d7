using Backprop.Datasets;

namespace Backprop.Tests.Data;

/// <summary>The byte loaders give the same values as the float loaders, on one thread or two, and a damaged file is
/// reported by name whichever thread read it.</summary>
[Collection("Session")]
public class ByteLoadingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backprop-bytes-").FullName;
    private readonly int _threads = Utils.NumThreads;

    public void Dispose()
    {
        Utils.NumThreads = _threads;
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void MnistSampleBytesAreTheFloatPixels()
    {
        var ((xTrain, yTrain), (xTest, yTest)) = MnistSample.LoadData();
        var ((bTrain, yTrainB), (bTest, yTestB)) = MnistSample.LoadBytes();
        Assert.Equal(xTrain.Shape, bTrain.Shape);
        Assert.Equal(xTrain.ToArray(), bTrain.ToTensor().ToArray());
        Assert.Equal(xTest.ToArray(), bTest.ToTensor().ToArray());
        Assert.Equal(yTrain.ToArray(), yTrainB.ToArray());
        Assert.Equal(yTest.ToArray(), yTestB.ToArray());
    }

    private void WriteFolder(int train, int test)
    {
        var random = new Random(8);
        Tensor Images(int n) => Tensor.FromArray(Enumerable.Range(0, n * 12).Select(_ => (float)random.Next(256)).ToArray(), n, 3, 4);
        Tensor Labels(int n) => Tensor.FromArray(Enumerable.Range(0, n).Select(_ => (float)random.Next(10)).ToArray(), n);
        Idx.Write(Path.Combine(_dir, "train-images-idx3-ubyte.gz"), Images(train), IdxElementType.UByte, gzip: true);
        Idx.Write(Path.Combine(_dir, "train-labels-idx1-ubyte.gz"), Labels(train), IdxElementType.UByte, gzip: true);
        Idx.Write(Path.Combine(_dir, "t10k-images-idx3-ubyte"), Images(test), IdxElementType.UByte);
        Idx.Write(Path.Combine(_dir, "t10k-labels-idx1-ubyte"), Labels(test), IdxElementType.UByte);
    }

    [Theory, InlineData(1), InlineData(2)]
    public void AFolderLoadsTheSameAsBytesOrFloatsOnAnyThreadCount(int threads)
    {
        WriteFolder(50, 20);
        Utils.NumThreads = threads;
        var ((xTrain, yTrain), (xTest, yTest)) = IdxFolder.Load(_dir);
        var ((bTrain, yTrainB), (bTest, yTestB)) = Mnist.LoadBytes(_dir);
        Assert.Equal(new[] { 50, 3, 4 }, bTrain.Shape);
        Assert.Equal(new[] { 20, 3, 4 }, bTest.Shape);
        Assert.Equal(xTrain.ToArray(), bTrain.ToTensor().ToArray());
        Assert.Equal(xTest.ToArray(), bTest.ToTensor().ToArray());
        Assert.Equal(yTrain.ToArray(), yTrainB.ToArray());
        Assert.Equal(yTest.ToArray(), yTestB.ToArray());
    }

    [Theory, InlineData(1, "train-images-idx3-ubyte.gz"), InlineData(2, "train-images-idx3-ubyte.gz"), InlineData(1, "t10k-labels-idx1-ubyte"), InlineData(2, "t10k-labels-idx1-ubyte")]
    public void ADamagedFileIsNamedWhicheverThreadReadIt(int threads, string damaged)
    {
        WriteFolder(30, 10);
        string path = Path.Combine(_dir, damaged);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        Utils.NumThreads = threads;
        Assert.Contains(path, Assert.Throws<IdxFormatException>(() => IdxFolder.LoadBytes(_dir)).Message);
        Assert.Contains(path, Assert.Throws<IdxFormatException>(() => IdxFolder.Load(_dir)).Message);
    }

    [Fact]
    public void LabelsThatDisagreeWithTheImagesAreRefused()
    {
        WriteFolder(30, 10);
        Idx.Write(Path.Combine(_dir, "t10k-labels-idx1-ubyte"), Tensor.Zeros(9), IdxElementType.UByte);
        var e = Assert.Throws<IdxFormatException>(() => IdxFolder.LoadBytes(_dir));
        Assert.Contains("t10k-images-idx3-ubyte has shape [10, 3, 4] and t10k-labels-idx1-ubyte has [9]", e.Message);
    }

    [Fact]
    public void FloatImagesCannotBeReadAsBytes()
    {
        WriteFolder(30, 10);
        Idx.Write(Path.Combine(_dir, "t10k-images-idx3-ubyte"), Tensor.Zeros(10, 3, 4), IdxElementType.Float);
        Assert.Contains("reading as bytes needs unsigned bytes", Assert.Throws<IdxFormatException>(() => IdxFolder.LoadBytes(_dir)).Message);
        Assert.Equal(new[] { 10, 3, 4 }, IdxFolder.Load(_dir).Test.X.Shape);
    }
}
