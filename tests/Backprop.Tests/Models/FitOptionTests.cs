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
        Assert.Equal(12, batches);                    // 3 of the 10 possible batches per epoch, 4 epochs
        Assert.Equal(4, history["loss"].Count);
        Assert.Equal(2, history["val_loss"].Count);   // after epochs 2 and 4
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(x, x, verbose: 0, validationFreq: 0));
    }

    [Fact]
    public void ClassWeightEqualsTheMatchingSampleWeights()
    {
        Sequential Build()
        {
            Utils.SetRandomSeed(4);
            var m = new Sequential(new Input(3), new Dense(2, activation: "softmax"));
            m.Compile(new Backprop.Optimizers.SGD(0.1f), "categorical_crossentropy");
            return m;
        }
        Utils.SetRandomSeed(9);
        var x = Tensor.RandomNormal([12, 3]);
        float[] labels = [0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 0, 1];
        var y = Utils.ToCategorical(Tensor.FromArray(labels, 12), 2);
        Sequential byClass = Build(), bySample = Build();
        byClass.Fit(x, y, batchSize: 4, epochs: 2, verbose: 0, shuffle: false, classWeight: new Dictionary<int, float> { [0] = 1f, [1] = 3f });
        bySample.Fit(x, y, batchSize: 4, epochs: 2, verbose: 0, shuffle: false, sampleWeight: Tensor.FromArray(labels.Select(l => l == 1 ? 3f : 1f).ToArray(), 12));
        for (int i = 0; i < 2; i++) Assert.Equal(bySample.GetWeights()[i].ToArray(), byClass.GetWeights()[i].ToArray());
        Assert.Contains("no entry for class 1", Assert.Throws<ArgumentException>(() => byClass.Fit(x, y, verbose: 0, classWeight: new Dictionary<int, float> { [0] = 1f })).Message);
    }
}
