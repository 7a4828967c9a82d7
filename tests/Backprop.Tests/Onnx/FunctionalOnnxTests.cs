using Backprop.Layers;
using Backprop.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Backprop.Tests.Onnx;

/// <summary>Functional graphs in ONNX: every merge and structure layer, nested models, shared layers and several inputs
/// and outputs, run in ONNX Runtime and compared with Predict (|ours − theirs| ≤ 1e-5·max(1, |ours|)).</summary>
[Collection("Session")]
public sealed class FunctionalOnnxTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bp-onnx-graph-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Tensor Random(int rows, int[] shape, int seed)
    {
        var random = new Random(seed);
        int size = rows * shape.Aggregate(1, (a, b) => a * b);
        return Tensor.FromArray(Enumerable.Range(0, size).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray(), [rows, .. shape]);
    }

    private void AssertRunsLikePredict(Model model)
    {
        string path = Path.Combine(_folder, model.Name + ".onnx");
        model.ExportOnnx(path);
        using var session = new InferenceSession(path);
        int inputs = model.Inputs.Count, outputs = model.Outputs.Count;
        string[] inputNames = inputs == 1 ? ["input"] : [.. model.Inputs.Select(i => i.Layer.Name)];
        string[] outputNames = outputs == 1 ? ["output"] : [.. model.OutputNames];
        Assert.Equal(inputNames.Order(), session.InputMetadata.Keys.Order());
        foreach (int rows in new[] { 1, 9 })
        {
            Tensor[] x = [.. model.Inputs.Select((t, i) => Random(rows, t.Shape, seed: rows * 10 + i))];
            Tensor[] expected;
            using (Backprop.Autograd.Autograd.NoGrad()) expected = [.. model.CallAll(x)];
            using var results = session.Run(x.Select((t, i) => NamedOnnxValue.CreateFromTensor(inputNames[i], new DenseTensor<float>(t.ToArray(), t.Shape))).ToList());
            for (int o = 0; o < outputs; o++)
            {
                float[] want = expected[o].ToArray(), got = results.Single(r => r.Name == outputNames[o]).AsEnumerable<float>().ToArray();
                Assert.Equal(want.Length, got.Length);
                for (int i = 0; i < want.Length; i++)
                    Assert.True(Math.Abs(want[i] - got[i]) <= 1e-5 * Math.Max(1, Math.Abs(want[i])), $"{model.Name} output {o}, element {i}: Predict {want[i]}, ONNX Runtime {got[i]}");
            }
        }
    }

    [Fact]
    public void EveryMergeAndStructureLayerRunsInOnnxRuntime() => AssertRunsLikePredict(EveryMerge());

    [SkippableFact]
    public void TheGraphPassesTheOnnxChecker()
    {
        Serialization.SystemPython.Require("onnx", "python3-onnx");
        string path = Path.Combine(_folder, "checked.onnx");
        EveryMerge().ExportOnnx(path);
        string output = Serialization.SystemPython.RunChecked("import onnx, sys\nonnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)\nprint('ok')", path);
        Assert.Equal("ok", output.Trim());
    }

    private static Model EveryMerge()
    {
        Utils.SetRandomSeed(31);
        var x = new Input([6], name: "x");
        var side = new Input([3, 2], name: "side");
        SymbolicTensor a = new Dense(6, activation: "tanh").Call(x), b = new Dense(6).Call(x), c = new Dense(1).Call(x);
        SymbolicTensor merged = new Concatenate().Call([
            new Add().Call([a, b, c]), new Subtract().Call([a, b]), new Multiply().Call([a, c]), new Average().Call([a, b]),
            new Maximum().Call([a, b]), new Minimum().Call([a, b]), new Dot(1).Call([a, b]), new Dot(1, normalize: true).Call([a, b]),
            new Identity().Call(a)]);
        SymbolicTensor repeated = new RepeatVector(3).Call(new Dense(2).Call(merged));                       // (None, 3, 2)
        SymbolicTensor grid = new Add().Call([repeated, side]);                                             // (None, 3, 2)
        SymbolicTensor pairs = new Dot(2).Call([grid, new Permute([1, 2]).Call(side)]);                    // (None, 3, 3)
        SymbolicTensor columns = new Dot([1, 1]).Call([grid, side]);                                        // (None, 2, 2)
        SymbolicTensor flat = new Concatenate().Call([new Flatten().Call(new Softmax(axis: 1).Call(pairs)), new Flatten().Call(new Permute([2, 1]).Call(columns)),
            new Flatten().Call(new Maximum().Call([grid, new Dense(2).Call(merged)]))]);
        return new Model([x, side], new Dense(4, activation: "softmax").Call(flat), name: "every_merge");
    }

    [Fact]
    public void NestedModelsAndSharedLayersRunInOnnxRuntime()
    {
        Utils.SetRandomSeed(32);
        var baseInput = new Input(5);
        var baseModel = new Model(baseInput, new Dense(4, activation: "relu").Call(baseInput), name: "base");
        AssertRunsLikePredict(new Sequential([new Input(5), baseModel, new Dense(3, activation: "softmax")], "stacked"));

        var inner = new Sequential([new Input(5), new Dense(4, activation: "relu")], "inner");
        var x = new Input(5);
        var shared = new Dense(4, activation: "tanh", name: "shared");
        SymbolicTensor once = shared.Call(new Dense(4).Call(x));
        SymbolicTensor outer = new Add().Call([inner.Call(x), shared.Call(once)]);
        AssertRunsLikePredict(new Model(x, [new Dense(2, activation: "softmax", name: "cls").Call(outer), new Dense(1, name: "reg").Call(outer)], name: "two_heads"));
    }
}
