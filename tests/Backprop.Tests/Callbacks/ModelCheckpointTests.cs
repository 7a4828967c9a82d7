using Backprop.Callbacks;
using Backprop.Layers;

namespace Backprop.Tests.Callbacks;

[Collection("Session")]
public sealed class ModelCheckpointTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bp-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (Tensor X, Tensor Y) Data()
    {
        var random = new Random(4);
        int rows = 96;
        var x = new float[rows * 6];
        var y = new float[rows * 2];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < 6; c++) x[r * 6 + c] = (float)random.NextDouble();
            y[r * 2 + (x[r * 6] > x[r * 6 + 1] ? 0 : 1)] = 1;
        }
        return (Tensor.FromArray(x, rows, 6), Tensor.FromArray(y, rows, 2));
    }

    private static Sequential NewModel()
    {
        var model = new Sequential(new Input(6), new Dense(16, activation: "relu"), new Dropout(0.3f), new Dense(2, activation: "softmax"));
        model.Compile("adam", "categorical_crossentropy", ["accuracy"]);
        return model;
    }

    [Theory]
    [InlineData("m-{epoch:02d}.keras", 3, "m-04.keras")]
    [InlineData("m-{epoch}-{val_loss:.4f}.keras", 0, "m-1-0.1235.keras")]
    [InlineData("{epoch:03d}_{accuracy:.2f}_{val_loss:.1e}.weights.h5", 9, "010_0.50_1.2e-01.weights.h5")]
    public void PathPlaceholdersFormatLikePython(string template, int epoch, string expected)
    {
        var logs = new Dictionary<string, float> { ["val_loss"] = 0.123456f, ["accuracy"] = 0.5f };
        Assert.Equal(expected, CheckpointPath.Format(template, epoch, logs));
    }

    [Fact]
    public void APlaceholderNotInTheLogsSaysWhichOnesAre()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => CheckpointPath.Format("{val_acc:.2f}.keras", 0, new Dictionary<string, float> { ["loss"] = 1 }));
        Assert.Contains("val_acc", error.Message);
        Assert.Contains("loss", error.Message);
    }

    [Theory]
    [InlineData("model.h5", false)]
    [InlineData("model.keras", true)]
    public void TheExtensionMustMatchWhatIsSaved(string path, bool weightsOnly)
    {
        var error = Assert.Throws<ArgumentException>(() => new ModelCheckpoint(path, saveWeightsOnly: weightsOnly));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void SavesEveryEpochWithFilledPaths()
    {
        Utils.SetRandomSeed(1);
        var (x, y) = Data();
        Sequential model = NewModel();
        model.Fit(x, y, batchSize: 16, epochs: 3, verbose: 0, validationSplit: 0.25f,
            callbacks: [new ModelCheckpoint(Path.Combine(_folder, "sub", "e{epoch:02d}.keras"))]);
        Assert.Equal(["e01.keras", "e02.keras", "e03.keras"], Directory.GetFiles(Path.Combine(_folder, "sub")).Select(Path.GetFileName).Order());
        Assert.Equal(model.Predict(x).ToArray(), Model.Load(Path.Combine(_folder, "sub", "e03.keras")).Predict(x).ToArray());
    }

    [Fact]
    public void SaveBestOnlyKeepsTheBestEpochsWeights()
    {
        Utils.SetRandomSeed(2);
        var (x, y) = Data();
        Sequential model = NewModel();
        var output = new StringWriter();
        string path = Path.Combine(_folder, "best.weights.h5");
        var checkpoint = new ModelCheckpoint(path, monitor: "loss", saveBestOnly: true, saveWeightsOnly: true, verbose: 1, output: output);
        var weightsAtEpoch = new List<IReadOnlyList<Tensor>>();
        var history = model.Fit(x, y, batchSize: 16, epochs: 6, verbose: 0,
            callbacks: [new LambdaCallback(onEpochEnd: (_, _) => weightsAtEpoch.Add(model.GetWeights())), checkpoint]);
        IReadOnlyList<float> losses = history["loss"];
        int best = losses.Select((l, i) => (l, i)).MinBy(p => p.l).i;
        Assert.Equal(losses[best], checkpoint.Best);
        var restored = NewModel();
        restored.LoadWeights(path);
        for (int i = 0; i < restored.Weights.Count; i++) Assert.Equal(weightsAtEpoch[best][i].ToArray(), restored.Weights[i].ToArray());
        Assert.Contains("Epoch 1: loss improved from None to", output.ToString());
    }

    [Fact]
    public void ResumingFromACheckpointEqualsTheUninterruptedRunBitForBit()
    {
        var (x, y) = Data();
        Utils.SetRandomSeed(5);
        Sequential uninterrupted = NewModel();
        uninterrupted.Fit(x, y, batchSize: 16, epochs: 4, verbose: 0, validationSplit: 0.25f,
            callbacks: [new ModelCheckpoint(Path.Combine(_folder, "run-{epoch}.keras"))]);

        // A fresh start: another seed first, so the generator's state at load time differs from the original run's.
        Utils.SetRandomSeed(123);
        NewModel();
        Utils.SetRandomSeed(5);
        Model resumed = Model.Load(Path.Combine(_folder, "run-2.keras"));
        resumed.Fit(x, y, batchSize: 16, epochs: 4, verbose: 0, validationSplit: 0.25f, initialEpoch: 2);

        for (int i = 0; i < uninterrupted.Weights.Count; i++) Assert.Equal(uninterrupted.Weights[i].ToArray(), resumed.Weights[i].ToArray());
        Assert.Equal(uninterrupted.Optimizer!.Iterations, resumed.Optimizer!.Iterations);
    }
}
