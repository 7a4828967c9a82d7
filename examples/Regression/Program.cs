// Regression: linear output + mean squared error (diabetes progression one year after baseline).
using Backprop;
using Backprop.Datasets;
using Backprop.Layers;

Utils.SetRandomSeed(1);
CsvTable table = Csv.Load(Path.Combine(AppContext.BaseDirectory, "diabetes.csv"), ["progression"]);
var ((xTrain, yTrain), (xTest, yTest)) = Utils.TrainTestSplit(table.Features, table.Labels!, testSize: 0.25f, seed: 1);
var scaler = new StandardScaler().Fit(xTrain);
var model = new Sequential(new Input(10), new Dense(32, activation: "relu"), new Dense(1));
model.Compile("adam", "mse", ["mae"]);
model.Fit(scaler.Transform(xTrain), yTrain, batchSize: 16, epochs: 200, verbose: 0);
float mean = yTrain.Mean().Item();
float baseline = (yTest - mean).Abs().Mean().Item();   // predicting the training mean for everyone
Console.WriteLine($"baseline mae: {baseline:F2}");
Console.WriteLine($"mae: {model.Evaluate(scaler.Transform(xTest), yTest)["mae"]:F2}");
