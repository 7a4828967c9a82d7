using Backprop.Datasets;
using Backprop.Layers;

namespace Backprop.Tests.Graph;

/// <summary>Functional models: graphs of layer calls between Inputs and outputs, Keras's layer order, build-time errors,
/// shared layers, nested models and models cut out of trained ones.</summary>
[Collection("Session")]
public class FunctionalModelTests
{
    [Fact]
    public void ResidualMlpTrainsOnTheMnistSample()
    {
        Utils.SetRandomSeed(3);
        var ((xTrain, yTrain), (xTest, yTest)) = MnistSample.LoadData();
        xTrain = xTrain.Reshape(-1, 784) / 255f;
        xTest = xTest.Reshape(-1, 784) / 255f;
        var inputs = new Input(784);
        SymbolicTensor hidden = new Dense(128, activation: "relu").Call(inputs);
        SymbolicTensor block = new Dense(128, activation: "relu").Call(hidden);
        SymbolicTensor skip = new Add().Call([hidden, block]);
        var model = new Model(inputs, new Dense(10, activation: "softmax").Call(skip));
        model.Compile("rmsprop", "categorical_crossentropy", ["accuracy"]);
        History history = model.Fit(xTrain, Utils.ToCategorical(yTrain, 10), epochs: 3, batchSize: 128, verbose: 0);
        Assert.True(history["loss"][2] < history["loss"][0], "the loss falls");
        float accuracy = model.Evaluate(xTest, Utils.ToCategorical(yTest, 10))["accuracy"];
        Assert.True(accuracy >= 0.90f, $"test accuracy {accuracy}");
    }

    [Fact]
    public void PredictRunsTheGraphAsTheLayersWouldByHand()
    {
        Utils.SetRandomSeed(1);
        var inputs = new Input(5);
        var a = new Dense(4, activation: "tanh");
        var b = new Dense(4);
        var c = new Dense(2);
        SymbolicTensor ya = a.Call(inputs);
        var model = new Model(inputs, c.Call(new Concatenate().Call([ya, b.Call(ya)])));
        Tensor x = Tensor.RandomNormal([3, 5]);
        Tensor byHand;
        using (Backprop.Autograd.Autograd.NoGrad())
        {
            Tensor h = a.Call(x);
            byHand = c.Call(Backprop.Ops.ConcatOps.Concatenate([h, b.Call(h)], -1));
        }
        Assert.Equal(byHand.ToArray(), model.Predict(x).ToArray());
        Assert.Equal([2], model.Outputs[0].Shape);
    }

    [Fact]
    public void LayersComeInKerasOrderWithTheirInputs()
    {
        // Keras's map_graph on input → a → (b, c) → add → out: depths input 4, a 3, b and c 2, add 1, out 0; b before c
        // because the depth-first walk from the output reaches add's first argument first.
        var inputs = new Input([3], name: "x");
        SymbolicTensor a = new Dense(4, name: "a").Call(inputs);
        SymbolicTensor sum = new Add(name: "add").Call([new Dense(4, name: "b").Call(a), new Dense(4, name: "c").Call(a)]);
        var model = new Model(inputs, new Dense(1, name: "out").Call(sum));
        Assert.Equal(["x", "a", "b", "c", "add", "out"], model.Layers.Select(l => l.Name));
        Assert.Equal(["out"], model.OutputNames);
        Assert.Same(model.GetLayer("c"), model.Layers[3]);
        Assert.Same(model.GetLayer(1), model.GetLayer("a"));
        var missing = Assert.Throws<ArgumentException>(() => model.GetLayer("d"));
        Assert.Contains("'add'", missing.Message);
    }

    [Fact]
    public void BadGraphsFailWhenTheModelIsBuilt()
    {
        var first = new Input([3], name: "first");
        var second = new Input([3], name: "second");
        SymbolicTensor both = new Add().Call([first, second]);
        var disconnected = Assert.Throws<ArgumentException>(() => new Model(first, both));
        Assert.Contains("Graph disconnected", disconnected.Message);
        Assert.Contains("'second'", disconnected.Message);

        var incompatible = Assert.Throws<ArgumentException>(() => new Add(name: "bad_add").Call([first, new Input(4)]));
        Assert.Contains("'bad_add'", incompatible.Message);
        Assert.Contains("(None, 3) and (None, 4)", incompatible.Message);

        var dense = new Dense(2, name: "d1");
        dense.Call(first);
        var wrongShape = Assert.Throws<ArgumentException>(() => dense.Call(new Input(5)));
        Assert.Contains("'d1'", wrongShape.Message);
        Assert.Contains("(None, 3)", wrongShape.Message);
        Assert.Contains("(None, 5)", wrongShape.Message);

        var twice = new Input([3], name: "twin");
        SymbolicTensor named = new Dense(2, name: "same").Call(twice);
        var duplicate = Assert.Throws<ArgumentException>(() => new Model(twice, new Dense(2, name: "same").Call(named)));
        Assert.Contains("\"same\" is used 2 times", duplicate.Message);

        var notAnInput = Assert.Throws<ArgumentException>(() => new Model(named, named));
        Assert.Contains("Input layers", notAnInput.Message);
        Assert.Throws<ArgumentException>(() => new Model([twice, twice], [named]));
        var notAList = Assert.Throws<ArgumentException>(() => new Add().Call(new Input(3).Output));
        Assert.Contains("call it with a list", notAList.Message);
        var tooMany = Assert.Throws<ArgumentException>(() => new Subtract().Call([first, first, first]));
        Assert.Contains("exactly 2 inputs, got 3", tooMany.Message);
    }

    [Fact]
    public void AnUnusedInputIsKeptAsKerasKeepsIt()
    {
        // Keras's map_graph adds an input no output depends on at depth 0, without an error (it may feed a loss).
        var used = new Input([2], name: "used");
        var spare = new Input([4], name: "spare");
        var model = new Model([used, spare], [new Dense(1, name: "y").Call(used)]);
        Assert.Equal(["used", "spare", "y"], model.Layers.Select(l => l.Name));
        Tensor y = model.Call([Tensor.Ones(3, 2), Tensor.Ones(3, 4)]);
        Assert.Equal([3, 1], y.Shape);
        var wrongCount = Assert.Throws<ArgumentException>(() => model.Call([Tensor.Ones(3, 2)]));
        Assert.Contains("2 inputs", wrongCount.Message);
        var wrongShape = Assert.Throws<ArgumentException>(() => model.Call([Tensor.Ones(3, 2), Tensor.Ones(3, 5)]));
        Assert.Contains("'spare'", wrongShape.Message);
        var wrongBatch = Assert.Throws<ArgumentException>(() => model.Call([Tensor.Ones(3, 2), Tensor.Ones(2, 4)]));
        Assert.Contains("same number of samples", wrongBatch.Message);
    }

    [Fact]
    public void ASharedLayerReceivesTheSumOfBothGradients()
    {
        Utils.SetRandomSeed(2);
        var left = new Input(3);
        var right = new Input(3);
        var shared = new Dense(2, activation: "tanh");
        var model = new Model([left, right], [new Add().Call([shared.Call(left), shared.Call(right)])]);
        Assert.Single(model.Layers.OfType<Dense>());
        Assert.Equal(2, model.Weights.Count);
        Tensor xl = Tensor.RandomNormal([4, 3]), xr = Tensor.RandomNormal([4, 3]);

        Tensor kernel = shared.Weights[0];
        model.Call([xl, xr]).Sum().Backward();
        float[] together = kernel.Grad!.ToArray();
        kernel.ZeroGrad();
        shared.Call(xl).Sum().Backward();
        float[] fromLeft = kernel.Grad!.ToArray();
        kernel.ZeroGrad();
        shared.Call(xr).Sum().Backward();
        float[] fromRight = kernel.Grad!.ToArray();
        for (int i = 0; i < together.Length; i++) Assert.Equal(fromLeft[i] + fromRight[i], together[i], 5);
    }

    [Fact]
    public void ModelsNestBothWays()
    {
        Utils.SetRandomSeed(4);
        var baseInput = new Input(6);
        var baseModel = new Model(baseInput, new Dense(4, activation: "relu", name: "base_dense").Call(baseInput), name: "base");
        // A functional model inside a Sequential, as Keras's Sequential([base_model, Dense(...)]).
        var stacked = new Sequential(new Input(6), baseModel, new Dense(2, name: "head"));
        // A Sequential inside a functional model.
        var inner = new Sequential(new Dense(3, name: "inner_dense"));
        var outerInput = new Input(6);
        var outer = new Model(outerInput, inner.Call(outerInput));
        Tensor x = Tensor.RandomNormal([5, 6]);
        Tensor expected;
        using (Backprop.Autograd.Autograd.NoGrad()) expected = stacked.GetLayer("head").Call(baseModel.Call(x));
        Assert.Equal(expected.ToArray(), stacked.Predict(x).ToArray());
        Assert.Equal(4, stacked.Weights.Count);
        Assert.Equal(6 * 4 + 4 + 4 * 2 + 2, stacked.CountParams());
        Assert.Equal([5, 3], outer.Predict(x).Shape);
        Assert.Same(inner, outer.Layers[1]);
        Assert.Equal(2, outer.TrainableWeights.Count);
        inner.Trainable = false;
        Assert.Empty(outer.TrainableWeights);
        Assert.Equal(2, outer.NonTrainableWeights.Count);
    }

    [Fact]
    public void AFeatureExtractorCutFromATrainedModelReusesItsWeights()
    {
        Utils.SetRandomSeed(5);
        var model = new Sequential(new Input(4), new Dense(8, activation: "relu", name: "hidden"), new Dense(3, activation: "softmax"));
        model.Compile("adam", "categorical_crossentropy");
        Tensor x = Tensor.RandomNormal([16, 4]);
        model.Fit(x, Utils.ToCategorical(Tensor.FromArray(Enumerable.Range(0, 16).Select(i => (float)(i % 3)).ToArray()), 3), epochs: 2, verbose: 0);
        var features = new Model(model.Inputs, [model.GetLayer("hidden").Output]);
        Tensor expected;
        using (Backprop.Autograd.Autograd.NoGrad()) expected = model.GetLayer("hidden").Call(x);
        Assert.Equal(expected.ToArray(), features.Predict(x).ToArray());
        Assert.Same(model.GetLayer("hidden").Weights[0], features.Weights[0]);
    }

    [Fact]
    public void ASharedLayersActivityPenaltyCountsEveryCall()
    {
        // Keras adds the penalty at each call (Layer.__call__, add_loss): 0.1·Σy² / batch for each of the two calls.
        var x = new Input(2);
        var shared = new Dense(2, kernelInitializer: "ones") { ActivityRegularizer = new Backprop.Regularizers.L2(0.1f) };
        SymbolicTensor once = shared.Call(x);
        var model = new Model(x, shared.Call(once));
        model.Compile("sgd", "mse");
        Tensor data = Tensor.FromArray([1f, 2f, 0f, 1f], 2, 2), target = Tensor.Zeros(2, 2);
        // First call: rows [3, 3] and [1, 1] → Σy² = 20; second call: [6, 6] and [2, 2] → Σy² = 80; batch 2.
        double penalties = 0.1 * 20 / 2 + 0.1 * 80 / 2;
        double mse = (36 + 36 + 4 + 4) / 4.0;
        Assert.Equal(mse + penalties, model.Evaluate(data, target, batchSize: 2)["loss"], 4);
        // A second pass replaces the first's penalties rather than adding to them.
        Assert.Equal(mse + penalties, model.Evaluate(data, target, batchSize: 2)["loss"], 4);
    }

    [Fact]
    public void GradientsThroughASharedLayerMatchFiniteDifferences()
    {
        // y = tanh(W·tanh(W·x + b) + b) + x·W: one Dense used three times, against a float64 reference with its weights.
        Utils.SetRandomSeed(13);
        var shared = new Dense(3, activation: "tanh");
        var inputs = new Input(3);
        SymbolicTensor twice = shared.Call(shared.Call(inputs));
        var model = new Model(inputs, new Add().Call([twice, new Dense(3, useBias: false, name: "skip").Call(inputs)]));
        double[] w = shared.Weights[0].ToArray().Select(v => (double)v).ToArray(), b = shared.Weights[1].ToArray().Select(v => (double)v).ToArray();
        double[] k = model.GetLayer("skip").Weights[0].ToArray().Select(v => (double)v).ToArray();
        double[] Affine(double[] x, int row, double[] kernel, double[]? bias) =>
            Enumerable.Range(0, 3).Select(j => Enumerable.Range(0, 3).Sum(i => x[row * 3 + i] * kernel[i * 3 + j]) + (bias?[j] ?? 0)).ToArray();
        Backprop.Tests.Ops.GradientCheck.Check(xs => model.Call(xs[0]), xs => Enumerable.Range(0, 2).SelectMany(r =>
        {
            double[] h = Affine(xs[0], r, w, b).Select(Math.Tanh).ToArray();
            double[] y = Affine(h, 0, w, b).Select(Math.Tanh).ToArray();
            double[] s = Affine(xs[0], r, k, null);
            return y.Zip(s, (p, q) => p + q);
        }).ToArray(), [[2, 3]]);
    }
}
