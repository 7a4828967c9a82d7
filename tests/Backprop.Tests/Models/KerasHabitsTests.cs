using System.IO.Compression;
using Backprop.Datasets;
using Backprop.Layers;
using Backprop.Metrics;
using Backprop.Optimizers;

namespace Backprop.Tests.Models;

/// <summary>
/// What a Keras user's first draft writes, each line in that spelling: it must compile (this file is the check) and do
/// what Keras does. Where Backprop chose otherwise (the indexer), the choice and its error message are pinned.
/// </summary>
[Collection("Session")]
public sealed class KerasHabitsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bp-habits-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (Tensor X, Tensor Y) Digits(int n)
    {
        Utils.SetRandomSeed(3);
        Tensor x = Tensor.RandomUniform([n, 28, 28], 0f, 255f);
        Tensor y = Utils.ToCategorical(Tensor.FromArray([.. Enumerable.Range(0, n).Select(i => (float)(i % 10))]), 10);
        return (x, y);
    }

    private static Sequential Mlp() => new(new Input(784), new Dense(16, activation: "relu"), new Dropout(0.2), new Dense(10, activation: "softmax"));

    [Fact]
    public void MetricsAsAnArrayAListOrMetricObjectsCompile()
    {
        Sequential model = Mlp();
        model.Compile(optimizer: "adam", loss: "categorical_crossentropy", metrics: new[] { "accuracy" });
        Assert.Equal(["accuracy"], model.Metrics.Select(m => m.Name));
        string[] names = ["accuracy", "mae"];
        model.Compile("adam", "categorical_crossentropy", metrics: names);
        Assert.Equal(names, model.Metrics.Select(m => m.Name));
        var list = new List<string> { "accuracy" };
        model.Compile("adam", "categorical_crossentropy", metrics: list);
        Metric[] objects = [new CategoricalAccuracy(), new AUC()];
        model.Compile("adam", "categorical_crossentropy", metrics: objects);
        Assert.Equal(["categorical_accuracy", "auc"], model.Metrics.Select(m => m.Name));
        model.Compile("adam", "categorical_crossentropy", metrics: ["accuracy", new AUC()]);   // mixed, as before
        model.Compile("adam", "categorical_crossentropy", metrics: []);
        Assert.Empty(model.Metrics);
    }

    [Fact]
    public void DoublesWhereKerasWritesThemCompile()
    {
        var (x, y) = Digits(40);
        x = x.Reshape(-1, 784) / 255.0;   // Tensor and double
        Assert.InRange(x.ToArray().Max(), 0f, 1f);
        Tensor copy = x.Clone();
        copy /= 2.0;
        Assert.Equal(x.ToArray().Select(v => v / 2f), copy.ToArray());
        Assert.Equal(0.2f, new Dropout(0.2).Rate);
        foreach (Optimizer optimizer in new Optimizer[] { new Adam(0.001), new SGD(0.01), new RMSprop(0.001), new AdamW(0.001) })
        {
            Sequential model = Mlp();
            model.Compile(optimizer, "categorical_crossentropy", metrics: ["accuracy"]);
            History history = model.Fit(x, y, batchSize: 8, epochs: 1, validationSplit: 0.2, verbose: 0);
            Assert.True(history.Values.ContainsKey("val_loss"));
        }
        Assert.Equal(0.001f, new Adam(0.001).LearningRate);
    }

    [Fact]
    public void ValidationSplitAsADoubleSplitsAsTheSameFloatDid()
    {
        // 0.1 (double) and 0.1f both hold out Keras's 10%: 4 of 40 samples, the same ones.
        var (x, y) = Digits(40);
        x = x.Reshape(-1, 784) / 255f;
        float[] Train(Func<Sequential, History> fit)
        {
            Utils.SetRandomSeed(8);
            Sequential model = Mlp();
            model.Compile("sgd", "categorical_crossentropy");
            fit(model);
            return model.Weights[0].ToArray();
        }
        Assert.Equal(Train(m => m.Fit(x, y, batchSize: 8, validationSplit: 0.1f, verbose: 0)), Train(m => m.Fit(x, y, batchSize: 8, validationSplit: 0.1, verbose: 0)));
    }

    [Fact]
    public void NumpysShapeHabitsAreTensorMethods()
    {
        var (x, _) = Digits(6);
        Assert.Equal([6, 28, 28, 1], x.ExpandDims(-1).Shape);       // np.expand_dims(x, -1)
        Assert.Equal([1, 6, 28, 28], x.ExpandDims(0).Shape);
        Assert.Equal([6, 28, 28], x.ExpandDims(-1).Squeeze(-1).Shape);
        Assert.Equal([6, 28, 28], x.ExpandDims(1).ExpandDims(-1).Squeeze().Shape);
        Assert.Equal([6 * 28 * 28], x.Flatten().Shape);
        Assert.Equal(x.ToArray(), x.Flatten().ToArray());
        Assert.Contains("cannot remove axis 1 of shape [6, 28, 28], whose size is 28", Assert.Throws<ArgumentException>(() => x.Squeeze(1)).Message);
        Assert.Contains("axis 4 is out of range for a tensor of rank 3", Assert.Throws<ArgumentOutOfRangeException>(() => x.ExpandDims(4)).Message);
        // Rows by C# ranges (NumPy's x[:2], x[-2:]); an element by a full index.
        Assert.Equal([2, 28, 28], x[..2].Shape);
        Assert.Equal(x.Rows(4, 2).ToArray(), x[^2..].ToArray());
        Assert.Equal(x.ToArray()[28 * 28 + 5], x[1, 0, 5]);
        var e = Assert.Throws<ArgumentException>(() => x[1]);
        Assert.Contains("The indexer reads one element; for rows use a range, x[1..2], or Rows(start, count)", e.Message);
    }

    [Fact]
    public void PredictTakesVerboseAndEvaluateNamesTheKeysItHas()
    {
        var (x, y) = Digits(20);
        x = x.Reshape(-1, 784) / 255f;
        Sequential model = Mlp();
        model.Compile("adam", "categorical_crossentropy", metrics: ["accuracy"]);
        var printed = new StringWriter();
        Tensor p = model.Predict(x, verbose: 1, output: printed);
        Assert.Equal([20, 10], p.Shape);
        Assert.Contains("1/1", printed.ToString());
        Assert.Equal(p.ToArray(), model.Predict(x).ToArray());
        var scores = model.Evaluate(x, y);
        Assert.InRange(scores["accuracy"], 0f, 1f);
        var e = Assert.Throws<KeyNotFoundException>(() => scores["acc"]);
        Assert.Contains("No 'acc' in these logs; they hold: accuracy, loss. Keras 3 names accuracy 'accuracy'.", e.Message);
        IReadOnlyDictionary<string, float> asInterface = scores;
        Assert.Throws<KeyNotFoundException>(() => asInterface["val_acc"]);
    }

    [Fact]
    public void ScikitLearnsSplitAndCsvHabits()
    {
        string path = Path.Combine(_folder, "table.csv.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        using (var writer = new StreamWriter(gz))
            writer.Write("6,2,metadata as scikit-learn's breast_cancer.csv has it\n# a comment\na,b,target\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n9,10,0\n11,12,1\n");
        CsvTable table = Csv.Load(path, labelColumns: [-1], skipRows: 1, comment: '#');
        Assert.Equal([6, 2], table.Features.Shape);
        Assert.Equal([0f, 1, 0, 1, 0, 1], table.Labels!.ToArray());
        Assert.Equal(table.Labels.ToArray(), Csv.Load(path, labelColumns: ["target"], skipRows: 1, comment: '#').Labels!.ToArray());
        var (xTrain, xTest, yTrain, yTest) = Utils.TrainTestSplit(table.Features, table.Labels, testSize: 0.5, seed: 1);   // sklearn's order
        Assert.Equal((3, 3, 3, 3), (xTrain.Dim(0), xTest.Dim(0), yTrain.Dim(0), yTest.Dim(0)));
        var ((x2, y2), (x3, y3)) = Utils.TrainTestSplit(table.Features, table.Labels, testSize: 0.5, seed: 1);   // and as pairs
        Assert.Equal(xTrain.ToArray(), x2.ToArray());
        Assert.Equal(yTest.ToArray(), y3.ToArray());
        // A damaged archive is a clear error, not garbled characters.
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        Assert.Contains("gzip data is damaged or truncated", Assert.ThrowsAny<Exception>(() => Csv.Load(path, labelColumns: [-1], skipRows: 1)).Message);
    }
}
