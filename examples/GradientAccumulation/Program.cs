// A training step of your own: the gradients of 4 batches of 32 are averaged and applied once, which trains as
// batches of 128 do while holding only 32 samples' activations. Fit still runs the callbacks and the logs around it.
using Backprop;
using Backprop.Autograd;
using Backprop.Callbacks;
using Backprop.Datasets;
using Backprop.Layers;

Utils.SetRandomSeed(11);
var ((xTrain, yTrain), (xTest, yTest)) = MnistSample.LoadData();
xTrain = xTrain.Reshape(-1, 784) / 255f;
xTest = xTest.Reshape(-1, 784) / 255f;
var inputs = new Input(784);
var model = new Accumulating(inputs, new Dense(10, activation: "softmax").Call(new Dense(128, activation: "relu").Call(inputs)), steps: 4);
model.Compile("adam", "categorical_crossentropy", ["accuracy"]);
int epochsSeen = 0;
model.Fit(xTrain, Utils.ToCategorical(yTrain, 10), epochs: 5, batchSize: 32, verbose: 0,
    callbacks: [new LambdaCallback(onEpochEnd: (epoch, logs) => { epochsSeen++; Console.WriteLine($"epoch {epoch + 1}: loss {logs["loss"]:F4}"); })]);
Console.WriteLine($"optimizer steps: {model.Optimizer!.Iterations} for {epochsSeen} epochs");
Console.WriteLine($"test accuracy: {model.Evaluate(xTest, Utils.ToCategorical(yTest, 10))["accuracy"]:F4}");

/// <summary>A functional model whose train step accumulates the gradients of several batches.</summary>
sealed class Accumulating(SymbolicTensor inputs, SymbolicTensor outputs, int steps) : Model(inputs, outputs)
{
    private Tensor[]? _sum;
    private int _seen;

    protected override void TrainStep(Batch data)
    {
        Tensor yPred = Call(data.X, training: true);
        Tensor loss = ComputeLoss(data.Y!, yPred, data.SampleWeight);
        IReadOnlyList<Tensor> gradients = Autograd.Gradients(loss, TrainableWeights);
        _sum = _sum is null ? [.. gradients] : [.. _sum.Zip(gradients, (s, g) => s + g)];
        if (++_seen % steps == 0)
        {
            Optimizer!.Apply([.. _sum.Select(s => s / steps)], TrainableWeights);
            _sum = null;
        }
        UpdateMetrics(loss.Item(), data.Y!, yPred.Detach(), data.SampleWeight);
    }
}
