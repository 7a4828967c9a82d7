using Backprop.Layers;

namespace Backprop.Tests.Models;

/// <summary>PredictOnBatch and Predict recycle their intermediate tensors through an arena per calling thread
/// (Model.InferenceArenas.cs): what a caller gets back stays its own, the numbers are those of a plain forward pass, and a
/// steady one-image call allocates a few small objects instead of its feature maps.</summary>
[Collection("Session")]
public class InferenceArenaTests
{
    private static Sequential Convnet()
    {
        Utils.SetRandomSeed(5);
        return Layers.Convolutional.ConvnetModelTests.KerasMnistConvnet();
    }

    private static float[] PlainForward(Model model, Tensor x)
    {
        using (Backprop.Autograd.Autograd.NoGrad()) return model.Call(x, training: false).ToArray();
    }

    [Fact]
    public void AnOutputIsNotOverwrittenByTheNextCall()
    {
        Sequential model = Convnet();
        Tensor a = Tensor.RandomUniform([1, 28, 28, 1]), b = Tensor.RandomUniform([1, 28, 28, 1]);
        Tensor first = model.PredictOnBatch(a);
        float[] firstValues = first.ToArray();
        Tensor second = model.PredictOnBatch(b);
        Assert.NotEqual(firstValues, second.ToArray());
        Assert.Equal(firstValues, first.ToArray());

        Tensor many = model.Predict(Tensor.RandomUniform([40, 28, 28, 1]), batchSize: 8);
        float[] manyValues = many.ToArray();
        model.Predict(Tensor.RandomUniform([40, 28, 28, 1]), batchSize: 8);
        Assert.Equal(manyValues, many.ToArray());
    }

    [Fact]
    public void OutputsEqualAForwardPassOutsideTheArenaBitForBit()
    {
        Sequential model = Convnet();
        Tensor x = Tensor.RandomUniform([300, 28, 28, 1]);
        Tensor one = x.Rows(3, 1);
        for (int call = 0; call < 3; call++)   // the first call fills the arena, the later ones reuse it
        {
            Assert.Equal(PlainForward(model, one), model.PredictOnBatch(one).ToArray());
            Assert.Equal(PlainForward(model, x.Rows(0, 7)), model.PredictOnBatch(x.Rows(0, 7)).ToArray());
        }
        // Predict's forward passes of up to 256 rows: a full chunk and a remainder of 44.
        float[] expected = [.. PlainForward(model, x.Rows(0, 256)), .. PlainForward(model, x.Rows(256, 44))];
        Assert.Equal(expected, model.Predict(x).ToArray());
        Assert.Equal(expected, model.Predict(x).ToArray());
    }

    [Fact]
    public void ASteadyOneImageCallDoesNotAllocateItsFeatureMaps()
    {
        Sequential model = Convnet();
        Tensor one = Tensor.RandomUniform([1, 28, 28, 1]);
        for (int i = 0; i < 5; i++) model.PredictOnBatch(one);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) model.PredictOnBatch(one);
        long perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
        // Before the arena a call allocated its feature maps: 26·26·32 + 13·13·32 + 11·11·64 + 5·5·64 floats and more,
        // over 140 KB. What is left is the output's copy and small objects.
        Assert.True(perCall < 4096, $"{perCall} bytes per call");
    }

    [Fact]
    public void APredictInsideAnotherModelsStepLeavesThatStepActive()
    {
        Sequential outer = Convnet();
        var input = new Input(4);
        var inner = new OwnPredictStep(input, new Dense(2).Call(input));
        Tensor x = Tensor.RandomUniform([3, 4]);
        using (outer.Arena.BeginStep(1))
        {
            long step = Backprop.Autograd.TensorArena.CurrentStep;
            Assert.NotEqual(0, step);
            inner.Predict(x);        // a user's predict step: no inference arena of its own
            Assert.Equal(step, Backprop.Autograd.TensorArena.CurrentStep);
            inner.PredictOnBatch(x); // the model's own forward pass, in the thread's inference arena, then back
            Assert.Equal(step, Backprop.Autograd.TensorArena.CurrentStep);
        }
        Assert.Equal(0, Backprop.Autograd.TensorArena.CurrentStep);
    }

    /// <summary>One batch of a few rows of a tensor after another (the rows are views: a batch allocates no pixels).</summary>
    private sealed class RowBatches(Tensor x, int batchSize) : Backprop.Datasets.BatchDataset
    {
        public override int Count => (x.Dim(0) + batchSize - 1) / batchSize;
        public override Backprop.Datasets.Batch GetBatch(int index) =>
            new(x.Rows(index * batchSize, Math.Min(batchSize, x.Dim(0) - index * batchSize)));
    }

    [Fact]
    public void PredictOnADatasetEqualsPlainForwardPassesAndKeepsItsOutputs()
    {
        Sequential model = Convnet();
        Tensor x = Tensor.RandomUniform([23, 28, 28, 1]);
        float[] expected = [.. PlainForward(model, x.Rows(0, 10)), .. PlainForward(model, x.Rows(10, 10)), .. PlainForward(model, x.Rows(20, 3))];
        Tensor first = model.Predict(new RowBatches(x, 10));
        Assert.Equal(expected, first.ToArray());
        model.Predict(new RowBatches(Tensor.RandomUniform([23, 28, 28, 1]), 10));
        Assert.Equal(expected, first.ToArray());
    }

    [Fact]
    public void PredictOnADatasetOfSingleImagesDoesNotAllocateTheirFeatureMaps()
    {
        Sequential model = Convnet();
        var images = new RowBatches(Tensor.RandomUniform([100, 28, 28, 1]), 1);
        model.Predict(images);
        long before = GC.GetAllocatedBytesForCurrentThread();
        model.Predict(images);
        long perImage = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
        // Each image's feature maps are over 140 KB (see above); what is left is its output's copy, the stacked result
        // and small objects. Measured before Predict on a dataset used the arena: 146,887 bytes per image.
        Assert.True(perImage < 4096, $"{perImage} bytes per image");
    }

    /// <summary>A model with two inputs and two outputs: concatenated images and a side vector into a convolution and two heads.</summary>
    private static Model TwoHeads()
    {
        Utils.SetRandomSeed(9);
        var image = new Input([28, 28, 1]);
        var side = new Input(3);
        SymbolicTensor features = new Flatten().Call(new MaxPooling2D(2).Call(new Conv2D(8, 3, activation: "relu").Call(image)));
        SymbolicTensor joined = new Concatenate().Call([features, side]);
        return new Model([image, side], [new Dense(4, activation: "softmax").Call(joined), new Dense(1).Call(joined)]);
    }

    [Fact]
    public void StructuredPredictEqualsPlainForwardPassesAndAllocatesOnlyItsResults()
    {
        Model model = TwoHeads();
        Tensor images = Tensor.RandomUniform([70, 28, 28, 1]), side = Tensor.RandomUniform([70, 3]);
        IReadOnlyList<Tensor> predicted = model.Predict([images, side], batchSize: 32);
        Tensor[] plain;
        using (Backprop.Autograd.Autograd.NoGrad()) plain = model.CallNode([images, side], training: false);
        Assert.Equal(2, predicted.Count);
        Assert.Equal(new[] { 70, 4 }, predicted[0].Shape);
        Assert.Equal(new[] { 70, 1 }, predicted[1].Shape);
        Assert.Equal(plain[0].ToArray(), predicted[0].ToArray());
        Assert.Equal(plain[1].ToArray(), predicted[1].ToArray());

        Tensor one = images.Rows(0, 1), oneSide = side.Rows(0, 1);
        for (int i = 0; i < 5; i++) model.Predict([one, oneSide]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) model.Predict([one, oneSide]);
        long perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
        // One image's 26·26·8 + 13·13·8 floats of feature maps (27 KB) were allocated anew by every call before the arena: 36,416 bytes per call, measured.
        Assert.True(perCall < 4096, $"{perCall} bytes per call");
        Assert.Equal(plain[0].ToArray()[..4], predicted[0].ToArray()[..4]);   // the earlier results are the caller's
    }

    private sealed class OwnPredictStep(SymbolicTensor inputs, SymbolicTensor outputs) : Model(inputs, outputs)
    {
        protected override Tensor PredictStep(Tensor x) => Call(x, training: false) * 2f;
    }

    /// <summary>Forward passes at inference hold at most about a million values in their largest layer output: the
    /// lecture's MLP keeps 256 rows, keras-io's convnet (21,632 values a sample after its first convolution) one batch,
    /// and a model whose shapes are not known yet the 256-row rule.</summary>
    [Fact]
    public void ForwardPassesAreSizedByTheLargestLayerOutput()
    {
        var mlp = new Sequential(new Input(784), new Dense(512, activation: "relu"), new Dense(10, activation: "softmax"));
        Assert.Equal(256, mlp.ForwardRows(32));
        Assert.Equal(256, mlp.ForwardRows(128));
        Assert.Equal(300, mlp.ForwardRows(300));
        Sequential convnet = Convnet();
        Assert.Equal(128, convnet.ForwardRows(128));
        Assert.Equal(32, convnet.ForwardRows(32));
        Assert.Equal(48, convnet.ForwardRows(1));   // 2^20 / 21,632 = 48.5
        var unbuilt = new Sequential(new Dense(4));
        Assert.Equal(256, unbuilt.ForwardRows(32));
    }
}
