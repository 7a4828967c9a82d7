// Regression to values in [0, 1]: sigmoid output + mean squared error (diabetes progression min-max scaled to [0, 1]).
using Backprop;
using Backprop.Datasets;
using Backprop.Layers;

Utils.SetRandomSeed(1);
CsvTable table = Csv.Load(Path.Combine(AppContext.BaseDirectory, "diabetes.csv"), ["progression"]);
Tensor y = table.Labels!;
float min = y.ToArray().Min(), max = y.ToArray().Max();
Tensor scaled = (y - min) / (max - min);
var ((xTrain, yTrain), (xTest, yTest)) = Utils.TrainTestSplit(table.Features, scaled, testSize: 0.25f, seed: 1);
var scaler = new StandardScaler().Fit(xTrain);
var model = new Sequential(new Input(10), new Dense(32, activation: "relu"), new Dense(1, activation: "sigmoid"));
model.Compile("adam", "mse", ["mae"]);
model.Fit(scaler.Transform(xTrain), yTrain, batchSize: 16, epochs: 200, verbose: 0);
float mean = yTrain.Mean().Item();
Console.WriteLine($"baseline mae: {(yTest - mean).Abs().Mean().Item():F4}");
Console.WriteLine($"mae: {model.Evaluate(scaler.Transform(xTest), yTest)["mae"]:F4}");
