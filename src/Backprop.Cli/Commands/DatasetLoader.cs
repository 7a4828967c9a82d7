using Backprop.Datasets;

namespace Backprop.Cli.Commands;

/// <summary>A dataset resolved from --dataset: train and test splits, class indices as labels (or, for a regression, the
/// targets as a column [N, 1]), and whether the features are pixels (0..255, divided by 255 before the model, as in the
/// lecture) or a table's values (used as they are).</summary>
internal sealed record LoadedDataset((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test, bool IsPixels, bool IsRegression = false)
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

    public static LoadedDataset Load(string dataset, int seed = 0, string task = "auto")
    {
        bool table = dataset.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || dataset.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase);
        if (task == "regression" && !table)
            throw new ArgumentException($"--task regression needs a table (.csv) whose last column is the target; '{dataset}' is a set of labelled images.");
        return dataset.ToLowerInvariant() switch
        {
            "mnist-sample" => Pixels(MnistSample.LoadData()),
            "mnist" => Pixels(Mnist.LoadData()),
            "fashion-mnist" => Pixels(FashionMnist.LoadData()),
            _ when Directory.Exists(dataset) => Pixels(IdxFolder.Load(dataset)),
            _ when table => Table(dataset, seed, task),
            _ => throw new ArgumentException($"--dataset: unknown dataset '{dataset}'. Use mnist-sample, mnist, fashion-mnist, a .csv file (last column: the class, or the target with --task regression), or a folder holding train-images-idx3-ubyte(.gz), train-labels-idx1-ubyte(.gz), t10k-images-idx3-ubyte(.gz) and t10k-labels-idx1-ubyte(.gz)."),
        };
    }

    private static LoadedDataset Pixels(((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) data) => new(data.Train, data.Test, IsPixels: true);

    /// <summary>A CSV file whose last column is the class index (0, 1, …) or, for a regression, the target; a seeded 80/20
    /// split (stratified by class for a classification) makes the test set.</summary>
    private static LoadedDataset Table(string path, int seed, string task)
    {
        CsvTable table = Csv.Load(path, labelColumns: [-1]);
        Tensor labels = table.Labels!.Reshape(-1);
        float[] values = labels.ToArray();
        float? notAClass = values.Cast<float?>().FirstOrDefault(v => v < 0 || v != MathF.Floor(v!.Value));
        // auto: a value that is no class index, or more than 20 distinct values and more than a fifth of the rows (too
        // few samples per "class" to learn one: scikit-learn's diabetes target, 214 values over 442 rows), means a
        // number to predict.
        int distinct = values.Distinct().Count();
        bool regression = task == "regression" || (task == "auto" && (notAClass is not null || distinct > Math.Max(20, values.Length / 5)));
        if (regression)
        {
            var (train, test) = Utils.TrainTestSplit(table.Features, labels.Reshape(-1, 1), testSize: CsvTestFraction, seed: seed);
            return new LoadedDataset(train, test, IsPixels: false, IsRegression: true);
        }
        if (notAClass is { } bad)
            throw new FormatException($"{path}: --task classification needs class indices 0, 1, 2, … in the last column; found {bad}. For a number to predict, use --task regression.");
        var (trainSet, testSet) = Utils.TrainTestSplit(table.Features, labels, testSize: CsvTestFraction, seed: seed, stratify: true);
        return new LoadedDataset(trainSet, testSet, IsPixels: false);
    }
}
