namespace Backprop.Datasets;

/// <summary>The MNIST digits (60,000 train / 10,000 test), as <c>keras.datasets.mnist.load_data()</c> gives them.</summary>
public static class Mnist
{
    /// <summary>The published files: names, SHA-256 and (where published) sizes.</summary>
    public static readonly RemoteFile[] Files =
    [
        new("train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", 9_912_422),
        new("train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
        new("t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
        new("t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
    ];

    /// <summary>Mirrors tried in order (Keras's, then torchvision's).</summary>
    public static readonly string[] Mirrors = ["https://storage.googleapis.com/cvdf-datasets/mnist/", "https://ossci-datasets.s3.amazonaws.com/mnist/"];

    /// <summary>
    /// x as [N, 28, 28] floats 0..255, y as [N] class indices. Looks in <paramref name="path"/>, then
    /// <c>$BACKPROP_DATASETS/mnist</c>, then <c>~/.backprop/datasets/mnist</c>, then downloads into that cache,
    /// checking each file's SHA-256.
    /// </summary>
    /// <exception cref="FileNotFoundException">The files are nowhere; the message lists where it looked and how to put them in place.</exception>
    public static ((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) LoadData(string? path = null) =>
        DatasetLocator.Load("mnist", path, [], Files, Mirrors, HowToGet);

    /// <summary>
    /// As <see cref="LoadData"/>, with the images kept as bytes ([N, 28, 28], a quarter of the memory of floats) for
    /// <see cref="ImageBatches"/>, which scales a batch at a time; y as [N] class indices.
    /// </summary>
    /// <exception cref="FileNotFoundException">The files are nowhere; the message lists where it looked and how to put them in place.</exception>
    public static ((ByteImages X, Tensor Y) Train, (ByteImages X, Tensor Y) Test) LoadBytes(string? path = null) =>
        DatasetLocator.LoadBytes("mnist", path, [], Files, Mirrors, HowToGet);

    private static string HowToGet =>
        $"Put train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz in {DatasetLocator.CacheFolder("mnist")} (or set BACKPROP_DATASETS), or use MnistSample.LoadData() for the 10,000 digits shipped with Backprop.";
}
