// The README's quickstart, line for line, with Fit timed (the first epoch and the JIT included) and the figures
// printed as one JSON line for bench/quickstart.sh.
using System.Diagnostics;
using System.Text.Json;
using Backprop;
using Backprop.Datasets;
using Backprop.Layers;

var started = Stopwatch.StartNew();
Utils.SetRandomSeed(42);
var ((xTrain, yTrain), (xTest, yTest)) = MnistSample.LoadData();
xTrain = xTrain.Reshape(-1, 784) / 255f;
xTest = xTest.Reshape(-1, 784) / 255f;
var model = new Sequential(
    new Input(784),
    new Dense(512, activation: "relu"),
    new Dense(10, activation: "softmax"));
model.Compile(optimizer: "rmsprop", loss: "categorical_crossentropy", metrics: ["accuracy"]);
var epochClock = new Stopwatch();
var epochs = new List<double>();
var timer = new Backprop.Callbacks.LambdaCallback(
    onEpochBegin: (_, _) => epochClock.Restart(),
    onEpochEnd: (_, _) => epochs.Add(Math.Round(epochClock.Elapsed.TotalSeconds, 3)));
var fit = Stopwatch.StartNew();
model.Fit(xTrain, Utils.ToCategorical(yTrain, 10), epochs: 5, batchSize: 128, verbose: 0, callbacks: [timer]);
double fitSeconds = fit.Elapsed.TotalSeconds;
var scores = model.Evaluate(xTest, Utils.ToCategorical(yTest, 10));
Console.WriteLine(JsonSerializer.Serialize(new
{
    scenario = "quickstart",
    fit_s = Math.Round(fitSeconds, 3),
    epoch_s = epochs,
    process_s = Math.Round(started.Elapsed.TotalSeconds, 3),
    test_accuracy = Math.Round(scores["accuracy"], 4),
    tiered_pgo = AppContext.TryGetSwitch("System.Runtime.TieredPGO", out bool pgo) ? pgo : (bool?)null,
}));
