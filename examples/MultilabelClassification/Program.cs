// Multilabel: one sigmoid per label + binary crossentropy. Each 8×8 handwritten digit has three independent
// labels (is even, is at least 5, is prime); binary accuracy counts each label separately.
using Backprop;
using Backprop.Datasets;
using Backprop.Layers;

Utils.SetRandomSeed(1);
CsvTable table = Csv.Load(Path.Combine(AppContext.BaseDirectory, "digits_attributes.csv"), ["is_even", "is_at_least_5", "is_prime"]);
var ((xTrain, yTrain), (xTest, yTest)) = Utils.TrainTestSplit(table.Features / 16f, table.Labels!, testSize: 0.25f, seed: 1);
var model = new Sequential(new Input(64), new Dense(64, activation: "relu"), new Dense(3, activation: "sigmoid"));
model.Compile("adam", "binary_crossentropy", ["binary_accuracy"]);
model.Fit(xTrain, yTrain, batchSize: 32, epochs: 40, verbose: 0);
Console.WriteLine($"binary_accuracy: {model.Evaluate(xTest, yTest)["binary_accuracy"]:F4}");
