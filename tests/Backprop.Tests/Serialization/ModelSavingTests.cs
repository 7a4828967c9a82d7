using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Regularizers;
using Backprop.Serialization;

namespace Backprop.Tests.Serialization;

[Collection("Session")]
public sealed class ModelSavingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bp-save-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    private static (Tensor X, Tensor Y) Data(int rows = 64)
    {
        var random = new Random(11);
        var x = new float[rows * 12];
        var y = new float[rows * 3];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < 12; c++) x[r * 12 + c] = (float)(random.NextDouble() * 4 - 1);
            y[r * 3 + (x[r * 12] + x[r * 12 + 1] > 1 ? 0 : x[r * 12 + 2] > 0.5 ? 1 : 2)] = 1;
        }
        return (Tensor.FromArray(x, rows, 12), Tensor.FromArray(y, rows, 3));
    }

    /// <summary>Every layer type in one model.</summary>
    private static Sequential EveryLayerModel(Tensor x)
    {
        var normalization = new Normalization();
        normalization.Adapt(x);
        return new Sequential(
            new Input(12),
            normalization,
            new Rescaling(0.5f, 0.1f),
            new Dense(16, activation: "relu", kernelRegularizer: new L2(1e-3f), kernelInitializer: "he_uniform") { ActivityRegularizer = new L1(1e-4f) },
            new BatchNormalization(),
            new Dropout(0.2f),
            new GaussianNoise(0.1f),
            new LayerNormalization(),
            new Activation("elu"),
            new ActivityRegularization(l1: 1e-4f),
            new Reshape([4, 4]),
            new Flatten(),
            new Dense(3, activation: "softmax"));
    }

    public static TheoryData<string> OptimizerNames() => ["sgd", "rmsprop", "adagrad", "adam", "adamw", "adamax", "nadam", "adadelta", "lion", "ftrl"];

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void SaveThenLoadPredictsBitForBitAndResumesTrainingExactly(string optimizer)
    {
        Utils.SetRandomSeed(3);
        var (x, y) = Data();
        Sequential model = EveryLayerModel(x);
        model.Compile(optimizer, "categorical_crossentropy", ["accuracy"]);
        model.Fit(x, y, batchSize: 16, epochs: 2, verbose: 0);
        string path = PathOf("every-layer.keras");
        model.Save(path);

        Model loaded = Model.Load(path);
        Assert.Equal(model.Predict(x).ToArray(), loaded.Predict(x).ToArray());
        Assert.Equal(model.Layers.Select(l => l.Name), loaded.Layers.Select(l => l.Name));
        Assert.Equal(model.Optimizer!.Iterations, loaded.Optimizer!.Iterations);
        Assert.IsType(model.Optimizer.GetType(), loaded.Optimizer);

        // The optimizer's slots came back: one more identical step keeps the two models identical.
        Utils.SetRandomSeed(9);
        model.TrainOnBatch(x, y);
        Utils.SetRandomSeed(9);
        loaded.TrainOnBatch(x, y);
        for (int i = 0; i < model.Weights.Count; i++) Assert.Equal(model.Weights[i].ToArray(), loaded.Weights[i].ToArray());
    }

    [Fact]
    public void OnlyTheSlotsAConfigurationUsesAreSavedAndTheyRestoreExactly()
    {
        var (x, y) = Data();
        long SizeWith(RMSprop optimizer, out Sequential model)
        {
            Utils.SetRandomSeed(6);
            model = new Sequential(new Input(12), new Dense(8, activation: "relu"), new Dense(3, activation: "softmax"));
            model.Compile(optimizer, "categorical_crossentropy");
            model.Fit(x, y, batchSize: 16, epochs: 1, verbose: 0);
            string path = PathOf($"rms-{optimizer.Momentum}-{optimizer.Centered}.keras");
            model.Save(path);
            Model loaded = Model.Load(path);
            model.TrainOnBatch(x, y);
            loaded.TrainOnBatch(x, y);
            for (int i = 0; i < model.Weights.Count; i++) Assert.Equal(model.Weights[i].ToArray(), loaded.Weights[i].ToArray());
            return new FileInfo(path).Length;
        }
        long plain = SizeWith(new RMSprop(), out Sequential m);
        long full = SizeWith(new RMSprop(momentum: 0.5f, centered: true), out _);
        // Three slots per variable instead of one: two more copies of the 131 weights, 4 bytes each, plus their HDF5 headers.
        Assert.InRange(full - plain, 2 * m.CountParams() * 4, 2 * m.CountParams() * 4 + 2000);
    }

    [Theory]
    [MemberData(nameof(Activations.ActivationTests.EveryName), MemberType = typeof(Activations.ActivationTests))]
    public void EveryActivationSurvivesSaveAndLoad(string activation)
    {
        var (x, _) = Data(37);
        var model = new Sequential(new Input(12), new Dense(5, activation: activation), new Dense(2, activation: activation));
        string path = PathOf($"{activation}.keras");
        model.Save(path);
        Model loaded = Model.Load(path);
        Assert.Equal(activation, ((Dense)loaded.Layers[0]).Activation.Name);
        Assert.Equal(model.Predict(x).ToArray(), loaded.Predict(x).ToArray());
        Assert.Equal(model.Predict(x.Rows(0, 1)).ToArray(), loaded.Predict(x.Rows(0, 1)).ToArray());
    }

    [Fact]
    public void TheArchiveHoldsKerasFilesAndSchema()
    {
        var model = new Sequential(new Input(784), new Dense(512, activation: "relu"), new Dense(10, activation: "softmax"));
        model.Compile("rmsprop", "categorical_crossentropy", ["accuracy"]);
        string path = PathOf("lecture.keras");
        model.Save(path);
        using var zip = ZipFile.OpenRead(path);
        Assert.Equal(["metadata.json", "config.json", "model.weights.h5"], zip.Entries.Select(e => e.FullName));
        using var reader = new StreamReader(zip.GetEntry("config.json")!.Open());
        JsonNode config = JsonNode.Parse(reader.ReadToEnd())!;
        Assert.Equal("Sequential", (string)config["class_name"]!);
        Assert.Equal("InputLayer", (string)config["config"]!["layers"]![0]!["class_name"]!);
        JsonNode dense = config["config"]!["layers"]![1]!;
        Assert.Equal("keras.layers", (string)dense["module"]!);
        Assert.Equal(512, (int)dense["config"]!["units"]!);
        Assert.Equal("GlorotUniform", (string)dense["config"]!["kernel_initializer"]!["class_name"]!);
        Assert.Equal("[null,784]", dense["build_config"]!["input_shape"]!.ToJsonString());
        JsonNode compile = config["compile_config"]!;
        Assert.Equal("RMSprop", (string)compile["optimizer"]!["class_name"]!);
        Assert.Equal(0.9f, (float)compile["optimizer"]!["config"]!["rho"]!);
        Assert.Equal("CategoricalCrossentropy", (string)compile["loss"]!["class_name"]!);
        Assert.Equal("accuracy", (string)compile["metrics"]![0]!);
    }

    [SkippableFact]
    public void H5pyFindsEachWeightAtKerasPath()
    {
        SystemPython.Require("h5py", "python3-h5py");
        // Keras keys the groups by class and position, not by the layers' (here deliberately different) names.
        var model = new Sequential(new Input(6), new Dense(4, activation: "relu", name: "first"), new Dropout(0.5f), new Dense(2, name: "last"));
        model.Compile("adam", "mse");
        var (x, _) = Data(8);
        model.TrainOnBatch(x.Reshape(16, 6), Tensor.Ones(16, 2));
        string path = PathOf("weights.keras");
        model.Save(path);
        string h5 = PathOf("model.weights.h5");
        using (var zip = ZipFile.OpenRead(path)) zip.GetEntry("model.weights.h5")!.ExtractToFile(h5);
        const string script = """
            import h5py, json, sys
            out = {}
            with h5py.File(sys.argv[1], "r") as f:
                for name in ["layers/dense/vars/0", "layers/dense/vars/1", "layers/dense_1/vars/0", "layers/dense_1/vars/1", "optimizer/vars/0"]:
                    d = f[name]
                    out[name] = {"shape": list(d.shape), "values": d[()].ravel().tolist() if d.shape else [int(d[()])]}
                out["dropout"] = list(f["layers/dropout/vars"].keys())
            print(json.dumps(out))
            """;
        using var json = JsonDocument.Parse(SystemPython.RunChecked(script, h5));
        Dense first = (Dense)model.Layers[0], last = (Dense)model.Layers[2];
        void Check(string name, Tensor expected)
        {
            JsonElement e = json.RootElement.GetProperty(name);
            Assert.Equal(expected.Shape, e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
            Assert.Equal(expected.ToArray(), e.GetProperty("values").EnumerateArray().Select(v => (float)v.GetDouble()));
        }
        Check("layers/dense/vars/0", first.Kernel);
        Check("layers/dense/vars/1", first.Bias!);
        Check("layers/dense_1/vars/0", last.Kernel);
        Check("layers/dense_1/vars/1", last.Bias!);
        Assert.Equal(1, json.RootElement.GetProperty("optimizer/vars/0").GetProperty("values")[0].GetInt64());
        Assert.Equal(0, json.RootElement.GetProperty("dropout").GetArrayLength());
    }

    [SkippableFact]
    public void LoadWeightsReadsAWeightsFileWrittenByH5pyInKerasLayout()
    {
        SystemPython.Require("h5py", "python3-h5py");
        string path = PathOf("python.weights.h5");
        SystemPython.RunChecked("""
            import h5py, numpy as np, sys
            with h5py.File(sys.argv[1], "w") as f:   # h5py's defaults, as keras.Model.save_weights leaves them
                f.create_dataset("layers/dense/vars/0", data=np.arange(12, dtype=np.float32).reshape(3, 4) / 8)
                f.create_dataset("layers/dense/vars/1", data=np.array([-1.5, 2.25, 0, 7], dtype=np.float32))
                f.create_group("layers/dropout/vars")
                f.create_group("vars")
            """, path);
        var model = new Sequential(new Input(3), new Dense(4, activation: "relu"), new Dropout(0.5f));
        model.LoadWeights(path);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i / 8f), model.Layers[0].Weights[0].ToArray());
        Assert.Equal([-1.5f, 2.25f, 0f, 7f], model.Layers[0].Weights[1].ToArray());
        // relu(x·W + b) for x = [1, 0, 0]: the first kernel row plus the bias.
        Assert.Equal([0f, 2.375f, 0.25f, 7.375f], model.Predict(Tensor.FromArray([1f, 0f, 0f], 1, 3)).ToArray());
    }

    /// <summary>A .keras file laid out the way Keras 3 writes one (config keys we do not model, dtype policies as objects,
    /// the loss and metrics as strings, weights from h5py's default layout) loads and predicts.</summary>
    [SkippableFact]
    public void LoadsAKerasStyleArchiveWithH5pyWeights()
    {
        SystemPython.Require("h5py", "python3-h5py");
        string weights = PathOf("model.weights.h5");
        SystemPython.RunChecked("""
            import h5py, numpy as np, sys
            with h5py.File(sys.argv[1], "w") as f:
                f.create_dataset("layers/dense/vars/0", data=np.arange(12, dtype=np.float32).reshape(3, 4) / 8)
                f.create_dataset("layers/dense/vars/1", data=np.zeros(4, dtype=np.float32))
                f.create_dataset("layers/dense_1/vars/0", data=np.ones((4, 2), dtype=np.float32))
                f.create_dataset("layers/dense_1/vars/1", data=np.array([0.5, -0.5], dtype=np.float32))
                f.create_group("vars")
                f.create_dataset("optimizer/vars/0", data=np.int64(10))
                f.create_dataset("optimizer/vars/1", data=np.float32(0.001))
                for i, shape in enumerate([(3, 4), (4,), (4, 2), (2,)]):
                    f.create_dataset(f"optimizer/vars/{i + 2}", data=np.full(shape, 0.01, dtype=np.float32))
            """, weights);
        const string policy = """{"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}""";
        string Dense(string name, int units, string activation) => $$$"""
            {"module": "keras.layers", "class_name": "Dense", "config": {"name": "{{{name}}}", "trainable": true, "dtype": {{{policy}}},
             "units": {{{units}}}, "activation": "{{{activation}}}", "use_bias": true,
             "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null},
             "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
             "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null},
             "registered_name": null, "build_config": {"input_shape": [null, {{{(units == 4 ? 3 : 4)}}}]}}
            """;
        string config = $$$"""
            {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "trainable": true, "dtype": {{{policy}}},
             "layers": [{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 3], "dtype": "float32", "sparse": false, "name": "input_layer"}, "registered_name": null},
                        {{{Dense("dense", 4, "relu")}}}, {{{Dense("dense_1", 2, "softmax")}}}],
             "build_input_shape": [null, 3]},
             "registered_name": null, "build_config": {"input_shape": [null, 3]},
             "compile_config": {"optimizer": {"module": "keras.optimizers", "class_name": "RMSprop", "config": {"name": "rmsprop", "learning_rate": 0.0010000000474974513,
                 "weight_decay": null, "clipnorm": null, "global_clipnorm": null, "clipvalue": null, "use_ema": false, "ema_momentum": 0.99,
                 "ema_overwrite_frequency": null, "loss_scale_factor": null, "gradient_accumulation_steps": null, "rho": 0.9, "momentum": 0.0,
                 "epsilon": 1e-07, "centered": false}, "registered_name": null},
               "loss": "categorical_crossentropy", "loss_weights": null, "metrics": ["accuracy"], "weighted_metrics": null,
               "run_eagerly": false, "steps_per_execution": 1, "jit_compile": false}}
            """;
        string path = PathOf("from-keras.keras");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using (var w = new StreamWriter(zip.CreateEntry("metadata.json").Open())) w.Write("""{"keras_version": "3.6.0", "date_saved": "2026-11-26@12:00:00"}""");
            using (var w = new StreamWriter(zip.CreateEntry("config.json").Open())) w.Write(config);
            zip.CreateEntryFromFile(weights, "model.weights.h5");
        }
        Model model = Model.Load(path);
        Assert.Equal(["dense", "dense_1"], model.Layers.Select(l => l.Name));
        Assert.IsType<RMSprop>(model.Optimizer);
        Assert.Equal(10, model.Optimizer!.Iterations);
        // x = [1, 0, 0]: hidden = relu([0, 0.125, 0.25, 0.375]), summing to 0.75; logits = [0.75 + 0.5, 0.75 − 0.5],
        // one apart, so softmax = [1, e⁻¹] / (1 + e⁻¹).
        float[] p = model.Predict(Tensor.FromArray([1f, 0f, 0f], 1, 3)).ToArray();
        Assert.Equal(1 / (1 + Math.Exp(-1)), p[0], 6);
        Assert.Equal(1 / (1 + Math.Exp(1)), p[1], 6);
    }

    [Fact]
    public void SaveWeightsAndLoadWeightsRoundTrip()
    {
        Utils.SetRandomSeed(1);
        var a = new Sequential(new Input(12), new Dense(7, activation: "tanh", name: "hidden"), new Dense(3, name: "out"));
        Utils.SetRandomSeed(2);
        var b = new Sequential(new Input(12), new Dense(7, activation: "tanh", name: "hidden"), new Dense(3, name: "out"));
        string path = PathOf("only.weights.h5");
        a.SaveWeights(path);
        b.LoadWeights(path);
        var (x, _) = Data(5);
        Assert.Equal(a.Predict(x).ToArray(), b.Predict(x).ToArray());
    }

    [Fact]
    public void LoadWeightsIntoAModelOfAnotherShapeNamesTheWeightAndChangesNothing()
    {
        var a = new Sequential(new Input(12), new Dense(7, name: "hidden"), new Dense(3, name: "out"));
        var b = new Sequential(new Input(12), new Dense(7, name: "hidden"), new Dense(4, name: "out"));
        string path = PathOf("mismatch.weights.h5");
        a.SaveWeights(path);
        float[] before = b.Layers[0].Weights[0].ToArray();
        var error = Assert.Throws<ModelFormatException>(() => b.LoadWeights(path));
        Assert.Contains("'out'", error.Message);
        Assert.Contains("layers/dense_1", error.Message);
        Assert.Contains("[7, 3]", error.Message);
        Assert.Contains("[7, 4]", error.Message);
        Assert.Contains(path, error.Message);
        Assert.Equal(before, b.Layers[0].Weights[0].ToArray());
    }

    [Fact]
    public void ASaveThatFailsHalfWayLeavesThePreviousFileAndNoTemporaryFile()
    {
        var model = new Sequential(new Input(3), new Dense(2));
        string path = PathOf("atomic.keras");
        model.Save(path);
        byte[] before = File.ReadAllBytes(path);
        var other = new Sequential(new Input(3), new Dense(5));
        KerasArchive.BeforeWeights.Value = () => throw new IOException("disk pulled out");
        try { Assert.Throws<IOException>(() => other.Save(path)); }
        finally { KerasArchive.BeforeWeights.Value = null; }
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
        Assert.Equal(2, ((Dense)Model.Load(path).Layers[0]).Units);
    }

    [Fact]
    public void AMissingFileIsFileNotFound()
    {
        string path = PathOf("nowhere.keras");
        var error = Assert.Throws<FileNotFoundException>(() => Model.Load(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void AFileThatIsNotAZipSaysSo()
    {
        string path = PathOf("text.keras");
        File.WriteAllText(path, "hello, I am not a model");
        var error = Assert.Throws<ModelFormatException>(() => Model.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("not a .keras model", error.Message);
    }

    [Fact]
    public void ATruncatedFileSaysSo()
    {
        string path = PathOf("cut.keras");
        new Sequential(new Input(30), new Dense(20)).Save(path);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);
        var error = Assert.Throws<ModelFormatException>(() => Model.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("not a zip archive, or a truncated one", error.Message);
    }

    private string SaveWithEditedConfig(string name, Func<string, string> edit)
    {
        string path = PathOf(name);
        new Sequential(new Input(4), new Dense(3, name: "hidden"), new Dense(2, name: "out")).Save(path);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        ZipArchiveEntry entry = zip.GetEntry("config.json")!;
        string config;
        using (var reader = new StreamReader(entry.Open())) config = reader.ReadToEnd();
        entry.Delete();
        using var writer = new StreamWriter(zip.CreateEntry("config.json").Open(), new UTF8Encoding(false));
        writer.Write(edit(config));
        return path;
    }

    [Fact]
    public void AConfigNamingAnUnknownLayerNamesIt()
    {
        string path = SaveWithEditedConfig("unknown.keras", c => c.Replace("\"class_name\":\"Dense\"", "\"class_name\":\"Conv2D\""));
        var error = Assert.Throws<ModelFormatException>(() => Model.Load(path));
        Assert.Contains("Conv2D", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void WeightsThatDoNotFitTheConfigNameTheLayerAndBothShapes()
    {
        string path = SaveWithEditedConfig("shapes.keras", c => c.Replace("\"units\":3", "\"units\":5"));
        var error = Assert.Throws<ModelFormatException>(() => Model.Load(path));
        Assert.Contains("'hidden'", error.Message);
        Assert.Contains("[4, 3]", error.Message);
        Assert.Contains("[4, 5]", error.Message);
    }

    [Fact]
    public async Task SeededMutationsNeverCrashOrHangTheLoader()
    {
        var model = new Sequential(new Input(5), new Dense(4, activation: "relu"), new Dense(2, activation: "softmax"));
        model.Compile("adam", "categorical_crossentropy", ["accuracy"]);
        string path = PathOf("fuzz.keras");
        model.Save(path);
        byte[] original = File.ReadAllBytes(path);
        var random = new Random(2024);
        int loaded = 0, refused = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            byte[] bytes = (byte[])original.Clone();
            switch (trial % 4)
            {
                case 0: bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8)); break;
                case 1: for (int k = 0; k < 8; k++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256); break;
                case 2: bytes = bytes[..random.Next(bytes.Length)]; break;
                default:
                    int at = random.Next(bytes.Length);
                    bytes = [.. bytes[..at], .. Enumerable.Range(0, 1 + random.Next(16)).Select(_ => (byte)random.Next(256)), .. bytes[at..]];
                    break;
            }
            string mutated = PathOf($"fuzz-{trial}.keras");
            File.WriteAllBytes(mutated, bytes);
            var load = Task.Run(() => Model.Load(mutated));
            Assert.True(await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(10))) == load, $"loading mutation {trial} hung");
            if (load.IsFaulted)
            {
                Exception e = load.Exception!.InnerException!;
                Assert.True(e is ModelFormatException, $"mutation {trial}: {e.GetType().Name}: {e.Message}");
                refused++;
            }
            else loaded++;
            File.Delete(mutated);
        }
        Assert.True(refused > 200, $"only {refused} of 300 mutations were refused ({loaded} loaded)");
    }
}
