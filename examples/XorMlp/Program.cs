// The lecture's 2-3-1 network (sigmoid hidden and output units) learning XOR, which no single perceptron can.
using Backprop;
using Backprop.Layers;
using Backprop.Optimizers;

Utils.SetRandomSeed(1);
var x = Tensor.FromArray(new float[,] { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } });
var y = Tensor.FromArray(new float[] { 0, 1, 1, 0 }, 4, 1);
var model = new Sequential(new Input(2), new Dense(3, activation: "sigmoid"), new Dense(1, activation: "sigmoid"));
model.Compile(new SGD(learningRate: 1f), "binary_crossentropy", ["accuracy"]);
model.Fit(x, y, batchSize: 4, epochs: 2000, verbose: 0);
Tensor p = model.Predict(x);
for (int row = 0; row < 4; row++) Console.WriteLine($"{x[row, 0]} XOR {x[row, 1]} = {y[row, 0]}: p = {p[row, 0]:F3}");
Console.WriteLine($"accuracy: {model.Evaluate(x, y)["accuracy"]:F4}");
