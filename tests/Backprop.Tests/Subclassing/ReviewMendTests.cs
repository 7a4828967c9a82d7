using Backprop.Datasets;
using Backprop.Layers;

namespace Backprop.Tests.Subclassing;

/// <summary>Penalties, building and weight files for layers and models of the user's: each case pinned by hand-worked values.</summary>
[Collection("Session")]
public sealed class ReviewMendTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bp-mends-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A subclassed model with a weight of its own and an AddLoss of 0.5·mean(output²).</summary>
    private sealed class Scaled : Model
    {
        private readonly Dense _dense = new(2);
        private Tensor _scale = null!;

        public Scaled() : base(null) { }

        protected override void OnBuild(int[] inputShape) => _scale = AddWeight("scale", [1], "ones");

        protected override Tensor Forward(Tensor inputs, bool training)
        {
            Tensor y = _dense.Call(inputs, training) * _scale;
            AddLoss(0.5f * y.Square().Mean());
            return y;
        }
    }

    [Fact]
    public void ASubclassedModelsOwnPenaltyAndWeightCount()
    {
        Utils.SetRandomSeed(81);
        var model = new Scaled();
        model.Compile("sgd", "mse");
        Tensor x = Tensor.RandomNormal([4, 3]), zeros = Tensor.Zeros(4, 2);
        Tensor y = model.Predict(x);
        double mse = y.ToArray().Average(v => (double)v * v);
        Assert.Equal(1.5 * mse, model.Evaluate(x, zeros, batchSize: 4)["loss"], 5);   // mse + 0.5·mean(y²)
        Assert.Equal(3, model.Weights.Count);   // its scale, then the Dense's kernel and bias
        model.Fit(x, zeros, epochs: 2, verbose: 0);
        string path = Path.Combine(_folder, "scaled.weights.h5");
        model.SaveWeights(path);
        Utils.SetRandomSeed(82);
        var again = new Scaled();
        again.Predict(x);
        again.LoadWeights(path);
        Assert.Equal(model.Predict(x).ToArray(), again.Predict(x).ToArray());
    }

    [Fact]
    public void WeightsOfLayersHeldByALayerAreSaved()
    {
        Utils.SetRandomSeed(83);
        var model = new Sequential(new Input(3), new CustomLayerTests.Block());
        Tensor x = Tensor.RandomNormal([5, 3]);
        string path = Path.Combine(_folder, "block.weights.h5");
        model.SaveWeights(path);
        Utils.SetRandomSeed(84);
        var again = new Sequential(new Input(3), new CustomLayerTests.Block());
        Assert.NotEqual(model.Predict(x).ToArray(), again.Predict(x).ToArray());
        again.LoadWeights(path);
        Assert.Equal(model.Predict(x).ToArray(), again.Predict(x).ToArray());
    }

    [Fact]
    public void PenaltiesCountOnTrainableWeightsAndOncePerLayer()
    {
        Utils.SetRandomSeed(85);
        var dense = new Dense(2, kernelInitializer: "ones", kernelRegularizer: new Backprop.Regularizers.L2(0.1f));
        var inner = new Sequential([new Input(2), dense], "inner");
        var x = new Input(2);
        var model = new Model(x, dense.Call(inner.Call(x)));   // one Dense, reached directly and through the nested model
        model.Compile("sgd", "mse");
        Tensor data = Tensor.Zeros(3, 2), target = Tensor.Zeros(3, 2);
        // Zero inputs give zero outputs: the loss is the penalty alone, 0.1·Σw² = 0.1·4 once.
        Assert.Equal(0.4, model.Evaluate(data, target)["loss"], 5);
        dense.Trainable = false;   // Keras regularizes trainable weights only
        Assert.Equal(0, model.Evaluate(data, target)["loss"], 6);
    }

    /// <summary>A subclassed model of two Dense layers.</summary>
    private sealed class Pair : Model
    {
        private readonly Dense _a = new(3, activation: "relu"), _b = new(2);

        public Pair() : base(null) { }

        protected override Tensor Forward(Tensor inputs, bool training) => _b.Call(_a.Call(inputs, training), training);
    }

    private sealed class Batches(Tensor x, Tensor y) : BatchDataset
    {
        public override int Count => 2;

        public override Batch GetBatch(int index) => (x.Rows(index * 4, 4), y.Rows(index * 4, 4));
    }

    [Fact]
    public void AnUnbuiltSubclassedModelTrainsOnADatasetAndNestsInAGraph()
    {
        Utils.SetRandomSeed(86);
        var model = new Pair();
        model.Compile("sgd", "mse");
        Tensor x = Tensor.RandomNormal([8, 4]), y = Tensor.RandomNormal([8, 2]);
        model.Fit(new Batches(x, y), epochs: 1, verbose: 0);
        Assert.Equal(2, model.Optimizer!.Iterations);
        float[] before = model.Weights[0].ToArray();
        model.Fit(new Batches(x, y), epochs: 1, verbose: 0);
        Assert.NotEqual(before, model.Weights[0].ToArray());

        var input = new Input(4);
        var outer = new Model(input, model.Call(input));   // a subclassed model called on a symbolic tensor
        Assert.Equal([2], outer.Outputs[0].Shape);
        Assert.Equal(model.Predict(x).ToArray(), outer.Predict(x).ToArray());
        var fresh = new Pair();
        fresh.Compile("sgd", "mse");
        fresh.TrainOnBatch(x, y);   // its first call builds it, then trains its weights
        float[] trained = fresh.Weights[0].ToArray();
        fresh.TrainOnBatch(x, y);
        Assert.NotEqual(trained, fresh.Weights[0].ToArray());
        Assert.Equal(2, fresh.Optimizer!.Iterations);
    }
}
