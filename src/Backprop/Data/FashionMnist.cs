namespace Backprop.Datasets;

/// <summary>Fashion-MNIST (60,000 train / 10,000 test 28×28 clothing images, 10 classes), as <c>keras.datasets.fashion_mnist.load_data()</c> gives it.</summary>
public static class FashionMnist
{
    /// <summary>Debian's package <c>dataset-fashion-mnist</c> installs the files here.</summary>
    public const string DebianFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>The published files and their SHA-256.</summary>
    public static readonly RemoteFile[] Files =
    [
        new("train-images-idx3-ubyte.gz", "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
        new("train-labels-idx1-ubyte.gz", "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
        new("t10k-images-idx3-ubyte.gz", "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
        new("t10k-labels-idx1-ubyte.gz", "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"),
    ];

    /// <summary>Mirrors tried in order (Keras's, then Zalando's).</summary>
    public static readonly string[] Mirrors = ["https://storage.googleapis.com/tensorflow/tf-keras-datasets/", "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"];

    /// <summary>
    /// x as [N, 28, 28] floats 0..255, y as [N] class indices. Looks in <paramref name="path"/>, then
    /// <c>$BACKPROP_DATASETS/fashion-mnist</c>, <c>~/.backprop/datasets/fashion-mnist</c>, then Debian's package folder, then downloads into the cache, checking each file's SHA-256.
    /// </summary>
    /// <exception cref="FileNotFoundException">The files are nowhere; the message lists where it looked and how to put them in place.</exception>
    public static ((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) LoadData(string? path = null) =>
        DatasetLocator.Load("fashion-mnist", path, [DebianFolder], Files, Mirrors, HowToGet);

    /// <summary>
    /// As <see cref="LoadData"/>, with the images kept as bytes ([N, 28, 28], a quarter of the memory of floats) for
    /// <see cref="ImageBatches"/>, which scales a batch at a time; y as [N] class indices.
    /// </summary>
    /// <exception cref="FileNotFoundException">The files are nowhere; the message lists where it looked and how to put them in place.</exception>
    public static ((ByteImages X, Tensor Y) Train, (ByteImages X, Tensor Y) Test) LoadBytes(string? path = null) =>
        DatasetLocator.LoadBytes("fashion-mnist", path, [DebianFolder], Files, Mirrors, HowToGet);

    private static string HowToGet =>
        $"On Debian: apt-get install dataset-fashion-mnist. Otherwise put the four IDX files in {DatasetLocator.CacheFolder("fashion-mnist")} (or set BACKPROP_DATASETS).";
}
