namespace Backprop.Datasets;

/// <summary>Fashion-MNIST (60,000 train / 10,000 test 28×28 clothing images, 10 classes), as <c>keras.datasets.fashion_mnist.load_data()</c> gives it.</summary>
public static class FashionMnist
{
    /// <summary>Debian's package <c>dataset-fashion-mnist</c> installs the files here.</summary>
    public const string DebianFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>
    /// x as [N, 28, 28] floats 0..255, y as [N] class indices. Looks in <paramref name="path"/>, then
    /// <c>$BACKPROP_DATASETS/fashion-mnist</c>, <c>~/.backprop/datasets/fashion-mnist</c>, then Debian's package folder.
    /// </summary>
    /// <exception cref="FileNotFoundException">The files are nowhere; the message lists where it looked and how to put them in place.</exception>
    public static ((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) LoadData(string? path = null) =>
        DatasetLocator.Load("fashion-mnist", path, [DebianFolder],
            $"On Debian: apt-get install dataset-fashion-mnist. Otherwise put the four IDX files in {DatasetLocator.CacheFolder("fashion-mnist")} (or set BACKPROP_DATASETS).");
}
