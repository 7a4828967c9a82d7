using Backprop.Layers;
using Backprop.Onnx;
using Backprop.Regularizers;
using Backprop.Tests.Serialization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Backprop.Tests.Onnx;

[Collection("Session")]
public sealed class OnnxExportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bp-onnx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Tensor RandomInputs(int rows, int features, int seed)
    {
        var random = new Random(seed);
        return Tensor.FromArray(Enumerable.Range(0, rows * features).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray(), rows, features);
    }

    /// <summary>Runs the file in ONNX Runtime and compares with Predict: |ours − theirs| ≤ 1e-5·max(1, |ours|)
    /// (float32 kernels sum in different orders; 1e-5 is the bound, relative for outputs above 1).</summary>
    private static void AssertRunsLikePredict(Model model, string path, int features)
    {
        using var session = new InferenceSession(path);
        Assert.Equal("input", session.InputMetadata.Keys.Single());
        Assert.Equal(-1, session.InputMetadata["input"].Dimensions[0]);
        foreach (int rows in new[] { 1, 37, 128 })
        {
            Tensor x = RandomInputs(rows, features, seed: rows);
            float[] expected = model.Predict(x).ToArray();
            var input = new DenseTensor<float>(x.ToArray(), [rows, features]);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
            float[] actual = results.Single(r => r.Name == "output").AsEnumerable<float>().ToArray();
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])),
                    $"batch {rows}, element {i}: Predict {expected[i]}, ONNX Runtime {actual[i]}");
        }
    }

    private static void CheckWithOnnxChecker(string path)
    {
        SystemPython.Require("onnx", "python3-onnx");
        string output = SystemPython.RunChecked("import onnx, sys\nm = onnx.load(sys.argv[1])\nonnx.checker.check_model(m, full_check=True)\nprint(m.opset_import[0].version)", path);
        Assert.Equal(OnnxExporter.Opset.ToString(), output.Trim());
    }

    private static Sequential EveryLayerModel()
    {
        Tensor x = RandomInputs(64, 12, seed: 3);
        var normalization = new Normalization();
        normalization.Adapt(x);
        var model = new Sequential(
            new Input(12),
            normalization,
            new Rescaling(0.5f, 0.1f),
            new Dense(16, activation: "relu", kernelRegularizer: new L2(1e-3f)),
            new BatchNormalization(),
            new Dropout(0.2f),
            new GaussianNoise(0.1f),
            new Reshape([4, 4]),
            new LayerNormalization(),
            new Activation("elu"),
            new ActivityRegularization(l1: 1e-4f),
            new Flatten(),
            new Dense(3, activation: "softmax"));
        model.Compile("adam", "categorical_crossentropy");
        var y = Utils.ToCategorical(Tensor.FromArray(Enumerable.Range(0, 64).Select(i => (float)(i % 3)).ToArray(), 64), 3);
        model.Fit(x, y, batchSize: 16, epochs: 3, verbose: 0);   // moves BatchNormalization's statistics off their defaults
        return model;
    }

    [Fact]
    public void AModelWithEveryLayerRunsInOnnxRuntimeLikePredict()
    {
        Utils.SetRandomSeed(8);
        Sequential model = EveryLayerModel();
        string path = Path.Combine(_folder, "every-layer.onnx");
        model.ExportOnnx(path);
        AssertRunsLikePredict(model, path, 12);
    }

    [SkippableFact]
    public void TheOnnxCheckerAcceptsTheExport()
    {
        Utils.SetRandomSeed(8);
        string path = Path.Combine(_folder, "checked.onnx");
        EveryLayerModel().ExportOnnx(path);
        CheckWithOnnxChecker(path);
    }

    [Theory]
    [MemberData(nameof(Activations.ActivationTests.EveryName), MemberType = typeof(Activations.ActivationTests))]
    public void EveryActivationRunsInOnnxRuntimeLikePredict(string activation)
    {
        Utils.SetRandomSeed(4);
        var model = new Sequential(new Input(5), new Dense(8, activation: activation), new Dense(3, activation: activation, useBias: false));
        string path = Path.Combine(_folder, activation + ".onnx");
        model.ExportOnnx(path);
        AssertRunsLikePredict(model, path, 5);
    }

    [Fact]
    public void TheLectureNetworkExportsWithNamedDynamicBatchInputAndOutput()
    {
        Utils.SetRandomSeed(1);
        var model = new Sequential(new Input(784), new Dense(512, activation: "relu"), new Dense(10, activation: "softmax"));
        string path = Path.Combine(_folder, "lecture.onnx");
        model.ExportOnnx(path);
        using var session = new InferenceSession(path);
        Assert.Equal([-1, 784], session.InputMetadata["input"].Dimensions);
        Assert.Equal([-1, 10], session.OutputMetadata["output"].Dimensions);
        AssertRunsLikePredict(model, path, 784);
    }

    private sealed class Doubler() : Layer("doubler")
    {
        protected override Tensor Forward(Tensor inputs, bool training) => inputs * 2f;
        public override int[] ComputeOutputShape(int[] inputShape) => inputShape;
    }

    [Fact]
    public void ALayerWithoutTranslationIsNamedInTheError()
    {
        var model = new Sequential(new Input(3), new Dense(2), new Doubler());
        var error = Assert.Throws<NotSupportedException>(() => model.ExportOnnx(Path.Combine(_folder, "no.onnx")));
        Assert.Contains("'doubler'", error.Message);
        Assert.Contains("Doubler", error.Message);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void AnUnbuiltModelCannotBeExported()
    {
        var model = new Sequential(new Dense(2));
        var error = Assert.Throws<InvalidOperationException>(() => model.ExportOnnx(Path.Combine(_folder, "unbuilt.onnx")));
        Assert.Contains("not built", error.Message);
    }
}
