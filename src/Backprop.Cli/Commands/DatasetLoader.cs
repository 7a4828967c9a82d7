using Backprop.Datasets;

namespace Backprop.Cli.Commands;

/// <summary>A dataset resolved from --dataset: train and test splits, class indices as labels, and whether the features are
/// pixels (0..255, divided by 255 before the model, as in the lecture) or a table's values (used as they are).</summary>
internal sealed record LoadedDataset((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test, bool IsPixels)
{
    /// <summary>Features as the model sees them: one row per sample, pixels scaled to 0..1.</summary>
    public static Tensor ModelInputs(Tensor x, bool isPixels)
    {
        Tensor rows = x.Reshape(x.Dim(0), -1);
        return isPixels ? rows / 255f : rows;
    }

    /// <summary>Images [N, H, W] as a convnet sees them: [N, H, W, 1] (Keras's expand_dims), scaled to 0..1.</summary>
    public static Tensor ImageInputs(Tensor x) => x.Reshape(x.Dim(0), x.Dim(1), x.Dim(2), 1) / 255f;
}

/// <summary>Resolves the --dataset option.</summary>
internal static class DatasetLoader
{
    /// <summary>The share of a CSV file held out as its test split (stratified, seeded).</summary>
    public const float CsvTestFraction = 0.2f;

    public static LoadedDataset Load(string dataset, int seed = 0) => dataset.ToLowerInvariant() switch
    {
        "mnist-sample" => Pixels(MnistSample.LoadData()),
        "mnist" => Pixels(Mnist.LoadData()),
        "fashion-mnist" => Pixels(FashionMnist.LoadData()),
        _ when Directory.Exists(dataset) => Pixels(IdxFolder.Load(dataset)),
        _ when dataset.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) => Table(dataset, seed),
        _ => throw new ArgumentException($"--dataset: unknown dataset '{dataset}'. Use mnist-sample, mnist, fashion-mnist, a .csv file (last column: the class), or a folder holding train-images-idx3-ubyte(.gz), train-labels-idx1-ubyte(.gz), t10k-images-idx3-ubyte(.gz) and t10k-labels-idx1-ubyte(.gz)."),
    };

    private static LoadedDataset Pixels(((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) data) => new(data.Train, data.Test, IsPixels: true);

    /// <summary>A CSV file whose last column is the class index (0, 1, …); a seeded, stratified 80/20 split makes the test set.</summary>
    private static LoadedDataset Table(string path, int seed)
    {
        CsvTable table = Csv.Load(path, labelColumns: [-1]);
        Tensor labels = table.Labels!.Reshape(-1);
        foreach (float label in labels.ToArray())
            if (label < 0 || label != MathF.Floor(label))
                throw new FormatException($"{path}: the last column must hold class indices 0, 1, 2, …; found {label}.");
        var (train, test) = Utils.TrainTestSplit(table.Features, labels, testSize: CsvTestFraction, seed: seed, stratify: true);
        return new LoadedDataset(train, test, IsPixels: false);
    }
}
