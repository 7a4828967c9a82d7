namespace Backprop.Datasets;

/// <summary>The MNIST digits (60,000 train / 10,000 test), as <c>keras.datasets.mnist.load_data()</c> gives them.</summary>
public static class Mnist
{
    /// <summary>
    /// x as [N, 28, 28] floats 0..255, y as [N] class indices. Looks in <paramref name="path"/>, then
    /// <c>$BACKPROP_DATASETS/mnist</c>, then <c>~/.backprop/datasets/mnist</c>.
    /// </summary>
    /// <exception cref="FileNotFoundException">The files are nowhere; the message lists where it looked and how to put them in place.</exception>
    public static ((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) LoadData(string? path = null) =>
        DatasetLocator.Load("mnist", path, [],
            $"Put train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz in {DatasetLocator.CacheFolder("mnist")} (or set BACKPROP_DATASETS), or use MnistSample.LoadData() for the 10,000 digits shipped with Backprop.");
}
