// Training without Fit: forward with model.Call, a loss object, Backward(), optimizer.Apply — the same steps Fit takes.
using Backprop;
using Backprop.Datasets;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Optimizers;

Utils.SetRandomSeed(7);
var ((xTrain, yTrain), (xTest, yTest)) = MnistSample.LoadData();
xTrain = xTrain.Reshape(-1, 784) / 255f;
xTest = xTest.Reshape(-1, 784) / 255f;
Tensor yTrainHot = Utils.ToCategorical(yTrain, 10);
var model = new Sequential(new Input(784), new Dense(128, activation: "relu"), new Dense(10, activation: "softmax"));
var loss = new CategoricalCrossentropy();
var optimizer = new Adam();
for (int epoch = 0; epoch < 3; epoch++)
{
    var (xs, ys) = Utils.Shuffle(xTrain, yTrainHot, seed: epoch);
    float total = 0;
    for (int start = 0; start < xs.Dim(0); start += 64)
    {
        int count = Math.Min(64, xs.Dim(0) - start);
        foreach (Tensor w in model.TrainableWeights) w.ZeroGrad();
        Tensor value = loss.Call(ys.Rows(start, count), model.Call(xs.Rows(start, count), training: true));
        value.Backward();
        optimizer.Apply(model.TrainableWeights.Select(w => w.Grad!).ToArray(), model.TrainableWeights);
        total += value.Item() * count;
    }
    Console.WriteLine($"epoch {epoch + 1}: loss {total / xs.Dim(0):F4}");
}
var accuracy = new SparseCategoricalAccuracy();
accuracy.UpdateState(yTest, model.Predict(xTest));
Console.WriteLine($"accuracy: {accuracy.Result():F4}");
