// Multiclass, single label: softmax output + categorical crossentropy (Fisher's iris, three species).
using Backprop;
using Backprop.Datasets;
using Backprop.Layers;

Utils.SetRandomSeed(1);
CsvTable table = Csv.Load(Path.Combine(AppContext.BaseDirectory, "iris.csv"), ["species"]);
var ((xTrain, yTrain), (xTest, yTest)) = Utils.TrainTestSplit(table.Features, table.Labels!, testSize: 0.3f, seed: 1, stratify: true);
var scaler = new StandardScaler().Fit(xTrain);
var model = new Sequential(new Input(4), new Dense(16, activation: "relu"), new Dense(3, activation: "softmax"));
model.Compile("adam", "categorical_crossentropy", ["accuracy"]);
model.Fit(scaler.Transform(xTrain), Utils.ToCategorical(yTrain, 3), batchSize: 16, epochs: 100, verbose: 0);
Console.WriteLine($"accuracy: {model.Evaluate(scaler.Transform(xTest), Utils.ToCategorical(yTest, 3))["accuracy"]:F4}");
