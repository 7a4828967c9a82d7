using System.IO.Compression;
using System.Text.Json.Nodes;
using Backprop.Layers;

namespace Backprop.Tests.Graph;

/// <summary>The transfer-learning patterns: a frozen base model (its layers frozen with it, as Keras's trainable
/// setter does), a base called with training: false, and both kept by Save and Load; Keras's compile structures for
/// several outputs read back.</summary>
[Collection("Session")]
public sealed class TransferLearningTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bp-transfer-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    [Fact]
    public void FreezingABaseModelFreezesItsLayersAndTheirStatistics()
    {
        Utils.SetRandomSeed(41);
        var norm = new BatchNormalization();
        var baseModel = new Sequential([new Input(4), new Dense(6), norm], "base");
        baseModel.Trainable = false;
        Assert.False(norm.Trainable);
        var x = new Input(4);
        var model = new Model(x, new Dense(2).Call(baseModel.Call(x)));
        model.Compile("sgd", "mse");
        float[] mean = norm.MovingMean.ToArray(), kernel = baseModel.Layers[0].Weights[0].ToArray();
        Tensor data = Tensor.RandomNormal([32, 4]) * 3f + 1f;
        model.Fit(data, Tensor.RandomNormal([32, 2]), epochs: 2, verbose: 0);
        // Keras: a frozen BatchNormalization runs in inference mode, so its moving statistics do not move either.
        Assert.Equal(mean, norm.MovingMean.ToArray());
        Assert.Equal(kernel, baseModel.Layers[0].Weights[0].ToArray());
        Assert.Equal(2, model.TrainableWeights.Count);

        model.Save(PathOf("frozen.keras"));
        var loaded = (Model)Model.Load(PathOf("frozen.keras"));
        var loadedBase = (Model)loaded.GetLayer("base");
        Assert.False(loadedBase.Trainable);
        Assert.All(loadedBase.Layers, l => Assert.False(l.Trainable));
        Assert.Equal(2, loaded.TrainableWeights.Count);
        baseModel.Trainable = true;
        Assert.True(norm.Trainable);
    }

    [Fact]
    public void ABaseCalledWithTrainingFalseStaysInInferenceMode()
    {
        Utils.SetRandomSeed(42);
        var baseModel = new Sequential([new Input(5), new Dense(8, activation: "relu"), new Dropout(0.5f)], "base");
        var x = new Input(5);
        var model = new Model(x, new Dense(3).Call(baseModel.Call(x, training: false)));
        Tensor data = Tensor.RandomNormal([6, 5]);
        float[] inference;
        using (Backprop.Autograd.Autograd.NoGrad()) inference = model.Call(data, training: false).ToArray();
        Assert.Equal(inference, model.Call(data, training: true).ToArray());
        model.Save(PathOf("inference.keras"));
        using (var zip = ZipFile.OpenRead(PathOf("inference.keras")))
        using (var reader = new StreamReader(zip.GetEntry("config.json")!.Open()))
        {
            var config = JsonNode.Parse(reader.ReadToEnd())!;
            Assert.Equal("""{"training":false}""", config["config"]!["layers"]![1]!["inbound_nodes"]![0]!["kwargs"]!.ToJsonString());
        }
        Model loaded = Model.Load(PathOf("inference.keras"));
        Assert.Equal(inference, loaded.Call(data, training: true).ToArray());
    }

    [Fact]
    public void KerassCompileStructuresForSeveralOutputsLoad()
    {
        var x = new Input(3);
        SymbolicTensor h = new Dense(4).Call(x);
        var model = new Model(x, [new Dense(2, activation: "softmax", name: "cls").Call(h), new Dense(1, name: "reg").Call(h)]);
        model.Compile("adam", ["categorical_crossentropy", "mse"]);
        model.Save(PathOf("heads.keras"));
        void Rewrite(string json)
        {
            using var zip = ZipFile.Open(PathOf("heads.keras"), ZipArchiveMode.Update);
            JsonObject config;
            using (var reader = new StreamReader(zip.GetEntry("config.json")!.Open())) config = (JsonObject)JsonNode.Parse(reader.ReadToEnd())!;
            var compile = (JsonObject)JsonNode.Parse(json)!;
            compile["optimizer"] = config["compile_config"]!["optimizer"]!.DeepClone();
            config["compile_config"] = compile;
            zip.GetEntry("config.json")!.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("config.json").Open());
            writer.Write(config.ToJsonString());
        }
        // One loss for both outputs with weights by name, and one metric per output in a flat list.
        Rewrite("""{"loss": "mse", "loss_weights": {"reg": 0.25}, "metrics": ["mae", null]}""");
        Model a = Model.Load(PathOf("heads.keras"));
        Assert.Equal(["mean_squared_error", "mean_squared_error"], a.Losses.Select(l => l.Name));
        Assert.Equal([1f, 0.25f], a.LossWeights!);
        Assert.Equal(["mae"], a.OutputMetrics[0].Select(m => m.Name));
        Assert.Empty(a.OutputMetrics[1]);
        // Losses and metrics as dicts by output name.
        Rewrite("""{"loss": {"reg": "mae", "cls": "categorical_crossentropy"}, "metrics": {"cls": ["accuracy"]}}""");
        Model b = Model.Load(PathOf("heads.keras"));
        Assert.Equal(["categorical_crossentropy", "mean_absolute_error"], b.Losses.Select(l => l.Name));
        Assert.Null(b.LossWeights);
        Assert.Equal(["accuracy"], b.OutputMetrics[0].Select(m => m.Name));
        Rewrite("""{"loss": {"cls": "mse"}}""");
        var missing = Assert.Throws<Backprop.Serialization.ModelFormatException>(() => Model.Load(PathOf("heads.keras")));
        Assert.Contains("'reg'", missing.Message);
    }

    [Fact]
    public void LayerOutputIsItsFirstCallsAsInKeras()
    {
        var x = new Input(3);
        var shared = new Dense(3);
        SymbolicTensor first = shared.Call(x);
        shared.Call(first);
        Assert.Same(first, shared.Output);
    }
}
