using System.IO.Compression;
using System.Text.Json.Nodes;
using Backprop.Layers;
using Backprop.Serialization;
using Backprop.Tests.Ops;

namespace Backprop.Tests.Layers;

/// <summary>Lambda: a C# function as a layer, differentiable through, with its shape inferred, and never saved or
/// loaded (a .keras file would have to carry code).</summary>
[Collection("Session")]
public sealed class LambdaTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bp-lambda-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ALambdaComputesItsFunctionAndItsGradient()
    {
        GradientCheck.Check(xs => new Lambda(x => x.Square() * 0.5f).Call(xs[0]), xs => xs[0].Select(v => v * v * 0.5).ToArray(), [[2, 3]]);
        var inputs = new Input(4);
        SymbolicTensor pairs = new Lambda(x => x.Reshape(x.Dim(0), 2, 2)).Call(inputs);
        Assert.Equal([2, 2], pairs.Shape);
        SymbolicTensor given = new Lambda(x => x.Sum(1, keepDims: true), shape => [1]).Call(inputs);
        Assert.Equal([1], given.Shape);
        var dropsBatch = Assert.Throws<InvalidOperationException>(() => new Lambda(x => x.Sum(), name: "bad").Call(inputs));
        Assert.Contains("'bad'", dropsBatch.Message);
    }

    [Fact]
    public void AModelWithALambdaTrainsButIsNotSaved()
    {
        Utils.SetRandomSeed(12);
        var inputs = new Input(3);
        var model = new Model(inputs, new Dense(1).Call(new Lambda(x => x.Tanh()).Call(new Dense(4).Call(inputs))));
        model.Compile("sgd", "mse");
        Tensor x = Tensor.RandomNormal([32, 3]), y = x.Sum(1, keepDims: true);
        History history = model.Fit(x, y, epochs: 5, verbose: 0);
        Assert.True(history["loss"][4] < history["loss"][0]);
        string path = Path.Combine(_folder, "lambda.keras");
        var refused = Assert.Throws<NotSupportedException>(() => model.Save(path));
        Assert.Contains("Lambda", refused.Message);
        Assert.False(File.Exists(path));
        model.SaveWeights(Path.Combine(_folder, "lambda.weights.h5"));
    }

    [Fact]
    public void AKerasLambdaIsNotLoaded()
    {
        var inputs = new Input(3);
        string path = Path.Combine(_folder, "keras-lambda.keras");
        new Model(inputs, new Dense(2).Call(inputs)).Save(path);
        JsonObject config;
        using (var zip = ZipFile.OpenRead(path))
        using (var reader = new StreamReader(zip.GetEntry("config.json")!.Open()))
            config = (JsonObject)JsonNode.Parse(reader.ReadToEnd())!;
        // As Keras writes a Lambda: the function's Python bytecode, base64, in the config.
        config["config"]!["layers"]![1]!["class_name"] = "Lambda";
        config["config"]!["layers"]![1]!["config"] = JsonNode.Parse("""{"name": "dense", "function": {"class_name": "__lambda__", "config": {"value": "4wEAAAAAAAAA"}}}""");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            zip.GetEntry("config.json")!.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("config.json").Open());
            writer.Write(config.ToJsonString());
        }
        var error = Assert.Throws<ModelFormatException>(() => Model.Load(path));
        Assert.Contains("Lambda", error.Message);
    }
}
