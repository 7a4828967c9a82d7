using Backprop;
using Backprop.Datasets;
using Backprop.Layers;

Utils.SetRandomSeed(42);
var ((xTrain, yTrain), (xTest, yTest)) = MnistSample.LoadData();   // 8,000 + 2,000 real MNIST digits, shipped
xTrain = xTrain.Reshape(-1, 784) / 255f;
xTest = xTest.Reshape(-1, 784) / 255f;
var model = new Sequential(
    new Input(784),
    new Dense(512, activation: "relu"),
    new Dense(10, activation: "softmax"));
model.Compile(optimizer: "rmsprop", loss: "categorical_crossentropy", metrics: ["accuracy"]);
model.Fit(xTrain, Utils.ToCategorical(yTrain, 10), epochs: 5, batchSize: 128, verbose: 2);
var scores = model.Evaluate(xTest, Utils.ToCategorical(yTest, 10));
Console.WriteLine($"test accuracy: {scores["accuracy"]:F4}");
