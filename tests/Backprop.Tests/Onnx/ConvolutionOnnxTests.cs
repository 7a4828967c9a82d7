using Backprop.Layers;
using Backprop.Onnx;
using Backprop.Tests.Serialization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Backprop.Tests.Onnx;

/// <summary>Convolution and pooling layers in ONNX (Conv, MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool), run
/// in ONNX Runtime for batches of 1 and 37 and compared with Predict (|ours − theirs| ≤ 1e-5·max(1, |ours|)); the
/// channels-last ↔ channels-first transposes sit at the edges of each chain of image layers.</summary>
[Collection("Session")]
public sealed class ConvolutionOnnxTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bp-onnx-conv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string AssertRunsLikePredict(Model model)
    {
        string path = Path.Combine(_folder, model.Name + ".onnx");
        model.ExportOnnx(path);
        using var session = new InferenceSession(path);
        foreach (int rows in new[] { 1, 37 })
        {
            var random = new Random(rows);
            int[] shape = [rows, .. model.Inputs[0].Shape];
            Tensor x = Tensor.FromArray(Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray(), shape);
            float[] want = model.Predict(x).ToArray();
            using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(x.ToArray(), x.Shape))]);
            float[] got = results.Single().AsEnumerable<float>().ToArray();
            Assert.Equal(want.Length, got.Length);
            for (int i = 0; i < want.Length; i++)
                Assert.True(Math.Abs(want[i] - got[i]) <= 1e-5 * Math.Max(1, Math.Abs(want[i])), $"{model.Name}, batch {rows}, element {i}: Predict {want[i]}, ONNX Runtime {got[i]}");
        }
        return path;
    }

    private static int CountNodes(string path, string opType) =>
        SystemPython.RunChecked($"import onnx, sys\nprint(sum(n.op_type == '{opType}' for n in onnx.load(sys.argv[1]).graph.node))", path).Trim() is var s ? int.Parse(s) : 0;

    [Fact]
    public void KerasMnistConvnetRunsInOnnxRuntime()
    {
        Utils.SetRandomSeed(3);
        Model model = Layers.Convolutional.ConvnetModelTests.KerasMnistConvnet();
        model.Build([28, 28, 1]);
        AssertRunsLikePredict(model);
    }

    private static Sequential EveryImageLayer() => new(
        [
            new Input(11, 12, 3),
            new Conv2D(4, 3, padding: "same", activation: "relu"),
            new Conv2D(6, (2, 3), strides: 2, padding: "same", groups: 2, activation: "tanh"),
            new MaxPooling2D(2, strides: 1, padding: "same"),
            new AveragePooling2D(3, strides: 2, padding: "same"),
            new Conv2D(4, 2, dilationRate: 2, biasInitializer: "random_normal"),
            new GlobalAveragePooling2D(keepdims: true),
            new Flatten(),
            new Dense(5, activation: "softmax"),
        ], name: "every_image_layer");

    [SkippableFact]
    public void EveryImageLayerRunsInOnnxRuntimeWithTransposesOnlyAtTheEdges()
    {
        Utils.SetRandomSeed(4);
        string path = AssertRunsLikePredict(EveryImageLayer());
        SystemPython.Require("onnx", "python3-onnx");
        // One transpose into channels first before the first convolution, one back before Flatten.
        Assert.Equal(2, CountNodes(path, "Transpose"));
        SystemPython.RunChecked("import onnx, sys\nonnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)", path);
    }

    [Fact]
    public void SequencesAndChannelsFirstRunInOnnxRuntime()
    {
        Utils.SetRandomSeed(5);
        var sequence = new Sequential(
            [
                new Input(16, 3),
                new Conv1D(4, 3, padding: "causal", dilationRate: 2, activation: "relu"),
                new MaxPooling1D(2),
                new Conv1D(5, 2, strides: 2, padding: "same"),
                new AveragePooling1D(2, padding: "same"),
                new GlobalMaxPooling1D(),
                new Dense(2),
            ], name: "sequence");
        AssertRunsLikePredict(sequence);
        var first = new Sequential(
            [
                new Input(3, 9, 8),
                new Conv2D(4, 3, dataFormat: "channels_first", activation: "relu"),
                new MaxPooling2D(2, dataFormat: "channels_first"),
                new BatchNormalization(axis: 1),
                new GlobalAveragePooling2D(dataFormat: "channels_first"),
            ], name: "channels_first");
        first.Compile("adam", "mse");
        first.Fit(Tensor.RandomNormal([8, 3, 9, 8]), Tensor.RandomNormal([8, 4]), epochs: 1, verbose: 0);   // moving statistics off their start
        AssertRunsLikePredict(first);
    }

    [Fact]
    public void TransposedConvolutionsWithAndWithoutOutputPaddingRunInOnnxRuntime()
    {
        Utils.SetRandomSeed(8);
        var decoder = new Sequential(
            [
                new Input(5, 4, 3),
                new Conv2DTranspose(4, 3, strides: 2, padding: "same", activation: "relu", biasInitializer: "random_normal"),
                new Conv2DTranspose(3, (2, 3), strides: (3, 2), outputPadding: (1, 1), biasInitializer: "random_normal"),
                new Conv2DTranspose(2, 1, strides: 3, name: "stride_above_kernel"),   // ONNX output_padding carries max(k, s) − k
                new Conv2DTranspose(3, 4, strides: 2, padding: "same", outputPadding: (1, 0), activation: "tanh"),
                new Conv2DTranspose(2, 3, dilationRate: 2, padding: "same", activation: "softmax"),
            ], name: "decoder");
        AssertRunsLikePredict(decoder);
        var first = new Sequential(
            [
                new Input(2, 4, 5),
                new Conv2DTranspose(3, 3, strides: 2, padding: "same", outputPadding: 1, dataFormat: "channels_first"),
            ], name: "transpose_first");
        AssertRunsLikePredict(first);
    }

    [Fact]
    public void PaddingCroppingUpsamplingDepthwiseAndSpatialDropoutRunInOnnxRuntime()
    {
        Utils.SetRandomSeed(6);
        var images = new Sequential(
            [
                new Input(7, 6, 2),
                new RandomFlip(),
                new RandomContrast(0.3f),
                new RandomTranslation(0.1, 0.2),
                new RandomRotation(0.1, fillMode: "constant"),
                new RandomZoom((-0.2, 0.1), interpolation: "nearest"),
                new ZeroPadding2D((1, 2), (0, 1)),
                new DepthwiseConv2D(3, depthMultiplier: 2, padding: "same", activation: "relu", biasInitializer: "random_normal"),
                new SpatialDropout2D(0.3f),
                new LayerNormalization(axis: [1, 2, 3]),
                new LayerNormalization(axis: [2]),
                new Cropping2D((1, 0), (2, 1)),
                new UpSampling2D((2, 3)),
                new UpSampling2D((2, 1), interpolation: "bilinear"),
                new SeparableConv2D(3, 3, depthMultiplier: 2, padding: "same", activation: "tanh", biasInitializer: "random_normal"),
                new Conv2D(3, 2, strides: 2),
            ], name: "spatial");
        AssertRunsLikePredict(images);
        var steps = new Sequential(
            [
                new Input(9, 3),
                new ZeroPadding1D((2, 1)),
                new Cropping1D((1, 3)),
                new UpSampling1D(3),
                new SpatialDropout1D(0.2f),
                new Conv1D(2, 3),
            ], name: "steps");
        AssertRunsLikePredict(steps);
    }
}
