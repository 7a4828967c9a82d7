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
}
