using System.IO.Compression;
using System.Text.Json.Nodes;
using Backprop.Layers;
using Backprop.Serialization;

namespace Backprop.Tests.Serialization;

/// <summary>Functional and nested models in .keras files: Keras 3's Functional config (against a fixture typed from
/// Keras's source), Keras's nested weight paths, bit-identical round trips, and configs that cannot be rebuilt.</summary>
[Collection("Session")]
public sealed class FunctionalSavingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bp-functional-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    private static JsonObject Fixture() => (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Serialization", "Fixtures", "functional_two_branch.json")))!;

    private static Model TwoBranch()
    {
        var x = new Input([3], name: "x");
        var m = new Input([2], name: "m");
        SymbolicTensor a = new Dense(4, activation: "relu", name: "a").Call(x);
        SymbolicTensor b = new Dense(4, name: "b").Call(a);
        SymbolicTensor s = new Add(name: "add").Call([a, b]);
        SymbolicTensor c = new Concatenate(name: "cat").Call([s, m]);
        return new Model([x, m], new Dense(2, activation: "softmax", name: "out").Call(c), name: "two_branch");
    }

    private static JsonObject SavedConfig(string path)
    {
        using ZipArchive zip = ZipFile.OpenRead(path);
        using var reader = new StreamReader(zip.GetEntry("config.json")!.Open());
        return (JsonObject)JsonNode.Parse(reader.ReadToEnd())!;
    }

    [Fact]
    public void TheSavedConfigHasKerassFunctionalSchema()
    {
        Model model = TwoBranch();
        model.Save(PathOf("two.keras"));
        JsonObject saved = SavedConfig(PathOf("two.keras")), expected = Fixture();
        foreach (string key in new[] { "module", "class_name", "registered_name", "build_config" })
            Assert.Equal(expected[key]?.ToJsonString(), saved[key]?.ToJsonString());
        JsonObject config = saved["config"]!.AsObject(), expectedConfig = expected["config"]!.AsObject();
        Assert.Equal(expectedConfig.Select(p => p.Key), config.Select(p => p.Key));
        foreach (string key in new[] { "name", "trainable", "input_layers", "output_layers" })
            Assert.Equal(expectedConfig[key]!.ToJsonString(), config[key]!.ToJsonString());
        JsonArray layers = config["layers"]!.AsArray(), expectedLayers = expectedConfig["layers"]!.AsArray();
        Assert.Equal(expectedLayers.Count, layers.Count);
        for (int i = 0; i < layers.Count; i++)
            foreach (string key in new[] { "module", "class_name", "registered_name", "name", "build_config", "inbound_nodes" })
                Assert.Equal(expectedLayers[i]![key]?.ToJsonString(), layers[i]![key]?.ToJsonString());
    }

    [SkippableFact]
    public void LoadsAKerasFunctionalFileAndComputesWhatKerasWould()
    {
        SystemPython.Require("h5py", "python3-h5py");
        string weights = PathOf("weights.h5");
        // Keras's weight paths for this model: its layers list (the Inputs included), keyed by class name in order.
        SystemPython.RunChecked("""
            import sys, h5py, numpy as np
            with h5py.File(sys.argv[1], "w") as f:
                for g in ["input_layer", "add", "input_layer_1", "concatenate"]: f.create_group(f"layers/{g}/vars")
                f.create_dataset("layers/dense/vars/0", data=np.arange(12, dtype=np.float32).reshape(3, 4) / 8)
                f.create_dataset("layers/dense/vars/1", data=np.zeros(4, dtype=np.float32))
                f.create_dataset("layers/dense_1/vars/0", data=np.eye(4, dtype=np.float32))
                f.create_dataset("layers/dense_1/vars/1", data=np.zeros(4, dtype=np.float32))
                out = np.zeros((6, 2), dtype=np.float32); out[:4, 0] = 1; out[4, 1] = 1
                f.create_dataset("layers/dense_2/vars/0", data=out)
                f.create_dataset("layers/dense_2/vars/1", data=np.zeros(2, dtype=np.float32))
                f.create_group("vars")
            """, weights);
        string path = PathOf("from-keras.keras");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using (var w = new StreamWriter(zip.CreateEntry("metadata.json").Open())) w.Write("""{"keras_version": "3.15.1", "date_saved": "2026-12-01@12:00:00"}""");
            using (var w = new StreamWriter(zip.CreateEntry("config.json").Open())) w.Write(Fixture().ToJsonString());
            zip.CreateEntryFromFile(weights, "model.weights.h5");
        }
        Model model = Model.Load(path);
        Assert.Equal(["x", "a", "b", "add", "m", "cat", "out"], model.Layers.Select(l => l.Name));
        // x = [1, 0, 0]: a = relu([0, 1/8, 2/8, 3/8]), b = a, add = 2a (sum 1.5); m = [1, −1]; the output kernel sums
        // the add part into logit 0 and takes m₀ into logit 1: logits [1.5, 1], softmax [1, e^−0.5] / (1 + e^−0.5).
        Tensor y;
        using (Backprop.Autograd.Autograd.NoGrad()) y = model.Call([Tensor.FromArray([1f, 0f, 0f], 1, 3), Tensor.FromArray([1f, -1f], 1, 2)]);
        double p = 1 / (1 + Math.Exp(-0.5));
        Assert.Equal(p, y[0, 0], 6);
        Assert.Equal(1 - p, y[0, 1], 6);
        // Saved again, the config keeps Keras's graph (the names and calls came from the file).
        model.Save(PathOf("again.keras"));
        JsonObject again = SavedConfig(PathOf("again.keras"));
        Assert.Equal(Fixture()["config"]!["input_layers"]!.ToJsonString(), again["config"]!["input_layers"]!.ToJsonString());
        Assert.Equal(Fixture()["config"]!["layers"]!.AsArray().Select(l => l!["inbound_nodes"]!.ToJsonString()),
            again["config"]!["layers"]!.AsArray().Select(l => l!["inbound_nodes"]!.ToJsonString()));
    }

    public static TheoryData<string> Models() => ["residual", "shared", "functional_in_sequential", "sequential_in_functional", "two_inputs"];

    private static Model Build(string kind)
    {
        switch (kind)
        {
            case "residual":
            {
                var x = new Input(5);
                SymbolicTensor h = new Dense(6, activation: "relu").Call(x);
                return new Model(x, new Dense(3, activation: "softmax").Call(new Add().Call([h, new Dense(6, activation: "tanh").Call(h)])));
            }
            case "shared":
            {
                var x = new Input(5);
                var shared = new Dense(5, activation: "tanh");
                SymbolicTensor once = shared.Call(x);
                return new Model(x, new Dense(3, activation: "softmax").Call(new Maximum().Call([once, shared.Call(once)])));
            }
            case "functional_in_sequential":
            {
                var x = new Input(5);
                var inner = new Model(x, new Dense(4, activation: "relu").Call(x));
                return new Sequential(new Input(5), inner, new Dense(3, activation: "softmax"));
            }
            case "sequential_in_functional":
            {
                var inner = new Sequential(new Input(5), new Dense(4, activation: "relu"), new Dropout(0.2f));
                var x = new Input(5);
                return new Model(x, new Dense(3, activation: "softmax").Call(new Concatenate().Call([inner.Call(x), x])));
            }
            default:
            {
                var x = new Input(5);
                var side = new Input(2);
                SymbolicTensor joined = new Concatenate().Call([new Dense(4, activation: "relu").Call(x), side]);
                return new Model([x, side], [new Dense(3, activation: "softmax").Call(joined)]);
            }
        }
    }

    private static Tensor[] Inputs(Model model, int rows)
    {
        var random = new Random(8);
        return [.. model.Inputs.Select(i => Tensor.FromArray(Enumerable.Range(0, rows * i.Shape[0]).Select(_ => (float)random.NextDouble() * 2 - 1).ToArray(), rows, i.Shape[0]))];
    }

    private static float[] Predict(Model model, Tensor[] x)
    {
        using (Backprop.Autograd.Autograd.NoGrad()) return model.Call(x).ToArray();
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void SaveThenLoadPredictsAndTrainsBitIdentically(string kind)
    {
        Utils.SetRandomSeed(21);
        Model model = Build(kind);
        model.Compile("adam", "categorical_crossentropy", ["accuracy"]);
        Tensor[] x = Inputs(model, 8);
        Tensor y = Utils.ToCategorical(Tensor.FromArray([0f, 1f, 2f, 0f, 1f, 2f, 0f, 1f]), 3);
        if (x.Length == 1) model.TrainOnBatch(x[0], y);
        model.Save(PathOf(kind + ".keras"));
        Model loaded = Model.Load(PathOf(kind + ".keras"));
        Assert.Equal(model.GetType(), loaded.GetType());
        Assert.Equal(model.Layers.Select(l => l.Name), loaded.Layers.Select(l => l.Name));
        Assert.Equal(Predict(model, x), Predict(loaded, x));
        if (x.Length > 1) return;
        Utils.SetRandomSeed(5);
        model.TrainOnBatch(x[0], y);
        Utils.SetRandomSeed(5);
        loaded.TrainOnBatch(x[0], y);
        Assert.Equal(Predict(model, x), Predict(loaded, x));
    }

    [Fact]
    public void ATwoOutputModelResumesTrainingExactlyAfterLoading()
    {
        Utils.SetRandomSeed(22);
        var x = new Input(6);
        SymbolicTensor hidden = new Dense(8, activation: "relu").Call(x);
        var model = new Model(x, [new Dense(3, activation: "softmax", name: "cls").Call(hidden), new Dense(1, name: "reg").Call(hidden)]);
        model.Compile("adam", ["categorical_crossentropy", "mse"], lossWeights: [1f, 0.5f], metrics: [["accuracy"], ["mae"]]);
        Tensor[] data = Inputs(model, 40);
        Tensor labels = Utils.ToCategorical(Tensor.FromArray(Enumerable.Range(0, 40).Select(i => (float)(i % 3)).ToArray()), 3);
        Tensor targets = data[0].Sum(1, keepDims: true);
        model.Fit(data, [labels, targets], epochs: 1, batchSize: 8, verbose: 0);
        model.Save(PathOf("heads.keras"));
        Model loaded = Model.Load(PathOf("heads.keras"));
        Assert.Equal(["categorical_crossentropy", "mean_squared_error"], loaded.Losses.Select(l => l.Name));
        Assert.Equal([1f, 0.5f], loaded.LossWeights!);
        Assert.Equal(["accuracy"], loaded.OutputMetrics[0].Select(m => m.Name));
        Assert.Equal(["mae"], loaded.OutputMetrics[1].Select(m => m.Name));
        Assert.Equal(model.Optimizer!.Iterations, loaded.Optimizer!.Iterations);
        Utils.SetRandomSeed(6);
        History before = model.Fit(data, [labels, targets], epochs: 1, batchSize: 8, verbose: 0);
        Utils.SetRandomSeed(6);
        History after = loaded.Fit(data, [labels, targets], epochs: 1, batchSize: 8, verbose: 0);
        foreach (string key in before.Values.Keys) Assert.Equal(before[key], after[key]);
        Assert.Equal(model.Predict(data)[1].ToArray(), loaded.Predict(data)[1].ToArray());
    }

    [Fact]
    public void ALayerSharedAcrossNestingLevelsIsCountedAndSavedOnce()
    {
        Utils.SetRandomSeed(23);
        var shared = new Dense(4, activation: "tanh", name: "shared");
        var baseInput = new Input(4);
        var baseModel = new Model(baseInput, shared.Call(baseInput), name: "base");
        var x = new Input(4);
        var model = new Model(x, shared.Call(baseModel.Call(x)));
        // Keras's Layer.weights and saving_lib count a layer reached twice once.
        Assert.Equal(2, model.Weights.Count);
        Assert.Equal(4 * 4 + 4, model.CountParams());
        // (Loading such a file is refused: its config lists the layer in both models, which makes two layers, as in Keras.)
        var root = Backprop.Serialization.WeightsFile.FromModel(model, includeOptimizer: false);
        Assert.NotNull(Find(root, "layers/functional/layers/dense/vars/0"));
        Assert.Null(Find(root, "layers/dense"));
    }

    /// <summary>The subclassed model of Keras's fixture, written in C#: three Dense(4, no bias) called in turn, then Dense(2).</summary>
    private sealed class NestedDenseModel : Model
    {
        private readonly Dense[] _blocks;
        private readonly Dense _out = new(2);

        public NestedDenseModel(int num = 3, string? name = null) : base(name)
        {
            Num = num;
            _blocks = [.. Enumerable.Range(0, num).Select(i => new Dense(4, useBias: false, name: $"d_{i}"))];
        }

        public int Num { get; }

        public IReadOnlyList<Dense> Blocks => _blocks;

        protected override Tensor Forward(Tensor inputs, bool training) => _out.Call(_blocks.Aggregate(inputs, (x, d) => d.Call(x, training)), training);

        public override IDictionary<string, object?> GetConfig()
        {
            var config = base.GetConfig();
            config["num"] = Num;
            return config;
        }
    }

    [SkippableFact]
    public void AKerasFileOfASubclassedModelLoads()
    {
        SystemPython.Require("h5py", "python3-h5py");
        string path = Path.Combine(AppContext.BaseDirectory, "Serialization", "Fixtures", "pre_pr22362_nested_container.keras");
        Assert.Equal("e32c92a345632504f3d21acae9a4bff0363f5e787c76f244e1c455a55c08e27c",
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))));
        var unknown = Assert.Throws<ModelFormatException>(() => Model.Load(path));
        Assert.Contains("legacy_nested_container>NestedDenseModel", unknown.Message);

        Model model = Model.Load(path, customObjects: new Dictionary<string, Type> { ["legacy_nested_container>NestedDenseModel"] = typeof(NestedDenseModel) });
        var nested = Assert.IsType<NestedDenseModel>(model);
        Assert.Equal(3, nested.Num);
        Assert.Equal(["d_0", "d_1", "d_2"], nested.Blocks.Select(b => b.Name));
        Tensor x = Tensor.FromArray([0.5f, -1f, 2f, 0.25f, 1f, 1f, -3f, 0f], 2, 4);
        float[] ours = model.Predict(x).ToArray();
        // h5py reads the weights at Keras's paths and NumPy computes the model: x·K0·K1·K2·K3 + b.
        string theirs = SystemPython.RunChecked("""
            import io, sys, zipfile, h5py, numpy as np
            f = h5py.File(io.BytesIO(zipfile.ZipFile(sys.argv[1]).read("model.weights.h5")), "r")
            x = np.array([[0.5, -1, 2, 0.25], [1, 1, -3, 0]], dtype=np.float32)
            for key in ["dense", "dense_1", "dense_2"]: x = x @ f[f"layers/{key}/vars/0"][()]
            y = x @ f["layers/dense_3/vars/0"][()] + f["layers/dense_3/vars/1"][()]
            print(" ".join(repr(float(v)) for v in y.ravel()))
            """, path);
        double[] expected = [.. theirs.Trim().Split(' ').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture))];
        Assert.Equal(expected.Length, ours.Length);
        for (int i = 0; i < ours.Length; i++) Assert.Equal(expected[i], ours[i], 5);
        // Saved again by Backprop (its class registered), it loads back and predicts the same, bit for bit.
        CustomObjects.Register<NestedDenseModel>("legacy_nested_container");
        model.Save(PathOf("nested-again.keras"));
        Assert.Equal(ours, Model.Load(PathOf("nested-again.keras")).Predict(x).ToArray());
        // Keras's test states the kernels (d_i = 0.1·(i + 1) everywhere, the last 0.5): each layer sums its 4 inputs
        // times its constant, so the first output is Σx·0.1 · 4·0.2 · 4·0.3 · 4·0.5 = 1.75 · 0.192 = 0.336.
        Assert.Equal(1.75 * 0.1 * (4 * 0.2) * (4 * 0.3) * (4 * 0.5), ours[0], 5);
    }

    [Fact]
    public void NestedModelsKeepKerassWeightPaths()
    {
        Model model = Build("functional_in_sequential");
        var root = Backprop.Serialization.WeightsFile.FromModel(model, includeOptimizer: false);
        // Keras's saving_lib walks a nested model's own layers under its path.
        Assert.NotNull(Find(root, "layers/functional/layers/dense/vars/0"));
        Assert.NotNull(Find(root, "layers/functional/layers/input_layer/vars"));
        Assert.NotNull(Find(root, "layers/functional/vars"));
        Assert.NotNull(Find(root, "layers/dense/vars/1"));
    }

    private static object? Find(Backprop.Serialization.Hdf5.Hdf5Group root, string path)
    {
        object? node = root;
        foreach (string part in path.Split('/')) node = (node as Backprop.Serialization.Hdf5.Hdf5Group)?[part];
        return node;
    }

    private string WithConfig(JsonObject config)
    {
        string path = PathOf(Guid.NewGuid() + ".keras");
        TwoBranch().Save(path);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            zip.GetEntry("config.json")!.Delete();
            using var w = new StreamWriter(zip.CreateEntry("config.json").Open());
            w.Write(config.ToJsonString());
        }
        return path;
    }

    [Fact]
    public void GraphsThatCannotBeRebuiltAreRefusedWithTheReason()
    {
        // A loop: a is called on b's output and b on a's.
        JsonObject loop = Fixture();
        JsonArray layers = loop["config"]!["layers"]!.AsArray();
        layers[1]!["inbound_nodes"]![0]!["args"]![0]!["config"]!["keras_history"] = new JsonArray("b", 0, 0);
        var looped = Assert.Throws<ModelFormatException>(() => Model.Load(WithConfig(loop)));
        Assert.Contains("loop", looped.Message);

        JsonObject unknown = Fixture();
        unknown["config"]!["layers"]![2]!["inbound_nodes"]![0]!["args"]![0]!["config"]!["keras_history"] = new JsonArray("nowhere", 0, 0);
        Assert.Contains("'nowhere'", Assert.Throws<ModelFormatException>(() => Model.Load(WithConfig(unknown))).Message);

        JsonObject missingCall = Fixture();
        missingCall["config"]!["output_layers"] = new JsonArray("out", 3, 0);
        Assert.Contains("does not exist", Assert.Throws<ModelFormatException>(() => Model.Load(WithConfig(missingCall))).Message);

        JsonObject wrongShape = Fixture();
        wrongShape["config"]!["layers"]![2]!["inbound_nodes"]![0]!["args"]![0]!["config"]!["keras_history"] = new JsonArray("x", 0, 0);
        Assert.Contains("'b'", Assert.Throws<ModelFormatException>(() => Model.Load(WithConfig(wrongShape))).Message);
    }

    [Fact]
    public void ModelsNestedBeyondTheLimitAreRefused()
    {
        JsonObject inner = Fixture();
        for (int i = 0; i < Backprop.Serialization.ModelConfig.MaxNesting + 2; i++)
        {
            var wrapper = (JsonObject)JsonNode.Parse("""{"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": []}}""")!;
            wrapper["config"]!["layers"]!.AsArray().Add(inner);
            inner = wrapper;
        }
        // The JSON reader's depth limit (64) comes first: each model adds three levels.
        var error = Assert.Throws<ModelFormatException>(() => Model.Load(WithConfig(inner)));
        Assert.Contains("depth", error.Message);
        // Saving refuses a model nested deeper than a file could be read back.
        Model deep = new Sequential(new Input(2), new Dense(2));
        for (int i = 0; i < Backprop.Serialization.ModelConfig.MaxNesting + 1; i++) deep = new Sequential(new Input(2), deep);
        var refused = Assert.Throws<NotSupportedException>(() => deep.Save(PathOf("deep.keras")));
        Assert.Contains("nested more than", refused.Message);
        Assert.False(File.Exists(PathOf("deep.keras")));
        Model deepest = new Sequential(new Input(2), new Dense(2));
        for (int i = 0; i < Backprop.Serialization.ModelConfig.MaxNesting; i++) deepest = new Sequential(new Input(2), deepest);
        deepest.Save(PathOf("deepest.keras"));
        Assert.Equal(deepest.CountParams(), Model.Load(PathOf("deepest.keras")).CountParams());
    }
}
