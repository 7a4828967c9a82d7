// Binary classification: sigmoid output + binary crossentropy (Breast Cancer Wisconsin: benign or malignant).
using Backprop;
using Backprop.Datasets;
using Backprop.Layers;

Utils.SetRandomSeed(1);
CsvTable table = Csv.Load(Path.Combine(AppContext.BaseDirectory, "breast_cancer.csv"), ["benign"]);
var ((xTrain, yTrain), (xTest, yTest)) = Utils.TrainTestSplit(table.Features, table.Labels!, testSize: 0.25f, seed: 1, stratify: true);
var scaler = new StandardScaler().Fit(xTrain);
var model = new Sequential(new Input(30), new Dense(16, activation: "relu"), new Dense(1, activation: "sigmoid"));
model.Compile("adam", "binary_crossentropy", ["accuracy"]);
model.Fit(scaler.Transform(xTrain), yTrain, batchSize: 32, epochs: 30, verbose: 0);
Console.WriteLine($"accuracy: {model.Evaluate(scaler.Transform(xTest), yTest)["accuracy"]:F4}");
