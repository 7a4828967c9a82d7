using Backprop.Datasets;

namespace Backprop.Cli.Commands;

/// <summary>Resolves the --dataset option to train and test arrays.</summary>
internal static class DatasetLoader
{
    public static ((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) Load(string dataset) => dataset.ToLowerInvariant() switch
    {
        "mnist-sample" => MnistSample.LoadData(),
        "mnist" => Mnist.LoadData(),
        "fashion-mnist" => FashionMnist.LoadData(),
        _ when Directory.Exists(dataset) => IdxFolder.Load(dataset),
        _ => throw new ArgumentException($"--dataset: unknown dataset '{dataset}'. Use mnist-sample, mnist, fashion-mnist, or a folder holding train-images-idx3-ubyte(.gz), train-labels-idx1-ubyte(.gz), t10k-images-idx3-ubyte(.gz) and t10k-labels-idx1-ubyte(.gz)."),
    };
}
