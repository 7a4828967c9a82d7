using Backprop.Layers;

namespace Backprop.Tests.Models;

[Collection("Session")]
public class FitOptionTests
{
    [Fact]
    public void StepsPerEpochAndValidationFrequency()
    {
        var model = new Sequential(new Input(1), new Dense(1));
        model.Compile("sgd", "mse");
        var x = Tensor.Ones(40, 1);
        int batches = 0;
        History history = model.Fit(x, x, batchSize: 4, epochs: 4, verbose: 0, stepsPerEpoch: 3, validationFreq: 2, validationData: (x, x), validationBatchSize: 40,
            callbacks: [new Backprop.Callbacks.LambdaCallback(onTrainBatchEnd: (_, _) => batches++)]);
        // Keras's EpochIterator carries one pass over the 10 batches across epochs: 3 + 3 + 3, then the last batch alone
        // (the data ran out, so epoch 4 stops after 1 step and the next epoch would start a new pass).
        Assert.Equal(10, batches);
        Assert.Equal(4, history["loss"].Count);
        Assert.Equal(2, history["val_loss"].Count);   // after epochs 2 and 4
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(x, x, verbose: 0, validationFreq: 0));
    }

    /// <summary>The same freshly seeded softmax classifier each call, so two models trained two ways can be compared.</summary>
    private static Sequential Build()
    {
        Utils.SetRandomSeed(4);
        var m = new Sequential(new Input(3), new Dense(2, activation: "softmax"));
        m.Compile(new Backprop.Optimizers.SGD(0.1f), "categorical_crossentropy");
        return m;
    }

    [Fact]
    public void ClassWeightEqualsTheMatchingSampleWeights()
    {
        Utils.SetRandomSeed(9);
        var x = Tensor.RandomNormal([12, 3]);
        float[] labels = [0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 0, 1];
        var y = Utils.ToCategorical(Tensor.FromArray(labels, 12), 2);
        Sequential byClass = Build(), bySample = Build();
        byClass.Fit(x, y, batchSize: 4, epochs: 2, verbose: 0, shuffle: false, classWeight: new Dictionary<int, float> { [0] = 1f, [1] = 3f });
        bySample.Fit(x, y, batchSize: 4, epochs: 2, verbose: 0, shuffle: false, sampleWeight: Tensor.FromArray(labels.Select(l => l == 1 ? 3f : 1f).ToArray(), 12));
        for (int i = 0; i < 2; i++) Assert.Equal(bySample.GetWeights()[i].ToArray(), byClass.GetWeights()[i].ToArray());
    }

    [Fact]
    public void AClassMissingFromClassWeightWeighsOne()
    {
        // Keras (make_class_weight_map_fn): class_weight.get(c, 1.0).
        Utils.SetRandomSeed(9);
        var x = Tensor.RandomNormal([8, 3]);
        float[] labels = [0, 1, 1, 0, 0, 1, 0, 1];
        var y = Utils.ToCategorical(Tensor.FromArray(labels, 8), 2);
        Sequential byClass = Build(), bySample = Build();
        byClass.Fit(x, y, batchSize: 4, verbose: 0, shuffle: false, classWeight: new Dictionary<int, float> { [0] = 2f });
        bySample.Fit(x, y, batchSize: 4, verbose: 0, shuffle: false, sampleWeight: Tensor.FromArray(labels.Select(l => l == 0 ? 2f : 1f).ToArray(), 8));
        Assert.Equal(bySample.GetWeights()[0].ToArray(), byClass.GetWeights()[0].ToArray());
    }

    [Fact]
    public void ClassWeightRoundsAOneColumnTarget()
    {
        // Keras rounds a one-column target to its class: 0.9 is class 1, 0.2 class 0.
        Sequential Build()
        {
            Utils.SetRandomSeed(5);
            var m = new Sequential(new Input(2), new Dense(1, activation: "sigmoid"));
            m.Compile(new Backprop.Optimizers.SGD(0.1f), "binary_crossentropy");
            return m;
        }
        var x = Tensor.FromArray(new float[,] { { 1, 2 }, { -1, 0.5f }, { 0.3f, -2 }, { 2, 1 } });
        var y = Tensor.FromArray(new float[,] { { 0.9f }, { 0.2f }, { 0.9f }, { 0.2f } });
        Sequential byClass = Build(), bySample = Build();
        byClass.Fit(x, y, batchSize: 4, verbose: 0, shuffle: false, classWeight: new Dictionary<int, float> { [0] = 1f, [1] = 5f });
        bySample.Fit(x, y, batchSize: 4, verbose: 0, shuffle: false, sampleWeight: Tensor.FromArray([5f, 1f, 5f, 1f], 4));
        Assert.Equal(bySample.GetWeights()[0].ToArray(), byClass.GetWeights()[0].ToArray());
    }

    [Fact]
    public void ClassWeightWithSampleWeightAndBadWeightsAreRefused()
    {
        var m = new Sequential(new Input(2), new Dense(1));
        m.Compile("sgd", "mse");
        var x = Tensor.Ones(4, 2);
        var y = Tensor.Ones(4, 1);
        Assert.Contains("not both", Assert.Throws<ArgumentException>(() => m.Fit(x, y, verbose: 0, classWeight: new Dictionary<int, float> { [0] = 1f }, sampleWeight: Tensor.Ones(4))).Message);
        Assert.Contains("NaN for sample 2", Assert.Throws<ArgumentException>(() => m.Fit(x, y, verbose: 0, sampleWeight: Tensor.FromArray([1f, 1f, float.NaN, 1f], 4))).Message);
        Assert.Contains("-1 for sample 0", Assert.Throws<ArgumentException>(() => m.Evaluate(x, y, sampleWeight: Tensor.FromArray([-1f, 1f, 1f, 1f], 4))).Message);
        Assert.Contains("NaN for class 1", Assert.Throws<ArgumentException>(() => m.Fit(x, y, verbose: 0, classWeight: new Dictionary<int, float> { [1] = float.NaN })).Message);
        Assert.Contains("-3", Assert.Throws<ArgumentOutOfRangeException>(() => m.Fit(x, y, verbose: 0, initialEpoch: -3)).Message);
    }

    [Fact]
    public void EmptyBatchesAndEmptyValidationDataAreRefused()
    {
        var m = new Sequential(new Input(2), new Dense(1));
        m.Compile("sgd", "mse");
        Assert.Contains("no samples", Assert.Throws<ArgumentException>(() => m.TrainOnBatch(Tensor.Zeros(0, 2), Tensor.Zeros(0, 1))).Message);
        Assert.Contains("no samples", Assert.Throws<ArgumentException>(() => m.TestOnBatch(Tensor.Zeros(0, 2), Tensor.Zeros(0, 1))).Message);
        Assert.Contains("validationData.X has no samples", Assert.Throws<ArgumentException>(() => m.Fit(Tensor.Ones(4, 2), Tensor.Ones(4, 1), verbose: 0, validationData: (Tensor.Zeros(0, 2), Tensor.Zeros(0, 1)))).Message);
    }

    [Fact]
    public void ValidationSplitSplitsTheSampleWeightsAndValidationDataWinsOverIt()
    {
        Sequential Build()
        {
            Utils.SetRandomSeed(6);
            var m = new Sequential(new Input(2), new Dense(1));
            m.Compile(new Backprop.Optimizers.SGD(0.01f), "mse");
            return m;
        }
        Utils.SetRandomSeed(3);
        var x = Tensor.RandomNormal([10, 2]);
        var y = Tensor.RandomNormal([10, 1]);
        var weights = Tensor.FromArray([1, 1, 1, 1, 1, 1, 1, 1, 0, 4f], 10);
        // The last 20% (samples 8 and 9, weights 0 and 4) are validation; val_loss is their weighted loss.
        var split = Build().Fit(x, y, batchSize: 8, verbose: 0, shuffle: false, validationSplit: 0.2f, sampleWeight: weights);
        var explicitModel = Build();
        explicitModel.Fit(x.Rows(0, 8), y.Rows(0, 8), batchSize: 8, verbose: 0, shuffle: false, sampleWeight: weights.Rows(0, 8));
        float expected = explicitModel.Evaluate(x.Rows(8, 2), y.Rows(8, 2), sampleWeight: weights.Rows(8, 2))["loss"];
        Assert.Equal(expected, split["val_loss"][0], 6);
        // Both given: Keras uses validationData and ignores the split (all 10 samples train).
        var both = Build().Fit(x, y, batchSize: 10, verbose: 0, shuffle: false, validationSplit: 0.2f, validationData: (x.Rows(0, 3), y.Rows(0, 3)));
        var full = Build();
        full.Fit(x, y, batchSize: 10, verbose: 0, shuffle: false);
        Assert.Equal(full.Evaluate(x.Rows(0, 3), y.Rows(0, 3))["loss"], both["val_loss"][0], 6);
    }
}
