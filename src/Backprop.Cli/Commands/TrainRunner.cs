using System.Diagnostics;
using System.Globalization;
using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Plotting;

namespace Backprop.Cli.Commands;

/// <summary>The lecture's Keras program, driven by options: load, reshape to 784, divide by 255, one-hot, build, compile, fit, evaluate.</summary>
internal static class TrainRunner
{
    public static int Run(TrainSettings s, TextWriter console)
    {
        TrainSettingsCheck.Check(s);
        if (s.Threads is { } t) Utils.NumThreads = t;
        Utils.SetRandomSeed(s.Seed);
        LoadedDataset data = DatasetLoader.Load(s.Dataset, s.Seed, s.Task);
        bool regression = data.IsRegression;
        if (regression && s.Model == "convnet") throw new ArgumentException("--model convnet classifies images; a regression trains the dense model.");
        // The task settles the defaults of what was not given (Keras's table: linear + mse for a real target).
        s = s with
        {
            Layers = s.Layers.Length > 0 ? s.Layers : regression ? TrainSettings.DefaultRegressionLayers : TrainSettings.DefaultLayers,
            Loss = s.Loss.Length > 0 ? s.Loss : regression ? "mse" : "categorical_crossentropy",
            Metrics = s.Metrics.Length > 0 ? s.Metrics : regression ? "mae" : "accuracy",
        };   // no second check: what was given was checked above, and the rest are these known-good defaults
        var ((xTrain, yTrain), (xTest, yTest)) = (data.Train, data.Test);
        int classes = regression ? 0 : (int)Math.Max(yTrain.Max().Item(), yTest.Max().Item()) + 1;
        bool convnet = s.Model == "convnet";
        if (convnet && (!data.IsPixels || xTrain.Rank != 3))
            throw new ArgumentException($"--model convnet trains on images [samples, height, width] (an IDX dataset); '{s.Dataset}' gives {(data.IsPixels ? $"data of shape [{string.Join(", ", xTrain.Shape)}]" : "a table")}.");
        xTrain = convnet ? LoadedDataset.ImageInputs(xTrain) : LoadedDataset.ModelInputs(xTrain, data.IsPixels);
        xTest = convnet ? LoadedDataset.ImageInputs(xTest) : LoadedDataset.ModelInputs(xTest, data.IsPixels);
        int features = convnet ? xTrain.Dim(1) * xTrain.Dim(2) : xTrain.Dim(1);
        bool sparse = s.Loss.StartsWith("sparse", StringComparison.OrdinalIgnoreCase);
        Tensor yTrainFit = sparse || regression ? yTrain : Utils.ToCategorical(yTrain, classes);
        Tensor yTestFit = sparse || regression ? yTest : Utils.ToCategorical(yTest, classes);

        Sequential model = convnet ? KerasMnistConvnet(xTrain.Dim(1), xTrain.Dim(2), classes) : DenseModel(features, s.Layers);
        Optimizer optimizer = Optimizer.Get(s.Optimizer);
        if (s.LearningRate is { } lr) optimizer.LearningRate = lr;
        string[] metricNames = s.Metrics.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        model.Compile(optimizer, s.Loss, metricNames.Select(m => (MetricArgument)m));
        console.WriteLine($"dataset: {s.Dataset}: {xTrain.Dim(0)} training and {xTest.Dim(0)} test samples, {features} features, {(regression ? "a regression target" : $"{classes} classes")}");
        model.Summary(console);

        var clock = Stopwatch.StartNew();
        History history = model.Fit(xTrain, yTrainFit, batchSize: s.BatchSize, epochs: s.Epochs, validationSplit: s.ValidationSplit,
            output: console == Console.Out ? null : console);
        double seconds = clock.Elapsed.TotalSeconds;
        IReadOnlyDictionary<string, float> scores = model.Evaluate(xTest, yTestFit);
        console.WriteLine($"training time: {seconds.ToString("F1", CultureInfo.InvariantCulture)} s for {s.Epochs} epochs");
        foreach (var (name, value) in scores)
            console.WriteLine($"test {name}: {value.ToString("F4", CultureInfo.InvariantCulture)}");
        model.Save(s.Output);
        console.WriteLine($"model saved to {s.Output}");
        if (s.Plot is { } plot)
        {
            HistoryPlot.SavePng(history, plot, title: $"{s.Dataset}: {(convnet ? "convnet" : s.Layers)}, {s.Optimizer}");
            console.WriteLine($"training curves saved to {plot}");
        }
        return 0;
    }

    private static Sequential DenseModel(int features, string layers)
    {
        var model = new Sequential(new Input(features));
        foreach (Layer layer in ParseLayers(layers)) model.Add(layer);
        return model;
    }

    /// <summary>keras-io's examples/vision/mnist_convnet.py, for images of any size and any number of classes.</summary>
    internal static Sequential KerasMnistConvnet(int height, int width, int classes) => new(
        new Input(height, width, 1),
        new Conv2D(32, 3, activation: "relu"),
        new MaxPooling2D(2),
        new Conv2D(64, 3, activation: "relu"),
        new MaxPooling2D(2),
        new Flatten(),
        new Dropout(0.5f),
        new Dense(classes, activation: "softmax"));

    /// <summary>"512:relu,10:softmax" → Dense(512, relu), Dense(10, softmax).</summary>
    internal static IEnumerable<Layer> ParseLayers(string spec) => ParseLayerSpecs(spec).Select(l => new Dense(l.Units, activation: l.Activation)).ToList();

    /// <summary>The (units, activation) pairs of --layers, checked (an unknown activation is named) without making a layer,
    /// so that checking the options does not use up the automatic names "dense", "dense_1".</summary>
    internal static IReadOnlyList<(int Units, string? Activation)> ParseLayerSpecs(string spec)
    {
        var result = new List<(int, string?)>();
        foreach (string part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] pieces = part.Split(':');
            if (pieces.Length > 2 || !int.TryParse(pieces[0], NumberStyles.None, CultureInfo.InvariantCulture, out int units) || units <= 0)
                throw new ArgumentException($"--layers: '{part}' is not units:activation (for example 512:relu).");
            string? activation = pieces.Length == 2 ? pieces[1] : null;
            Activations.Activations.Get(activation);
            result.Add((units, activation));
        }
        if (result.Count == 0) throw new ArgumentException("--layers: give at least one layer, for example 512:relu,10:softmax.");
        return result;
    }
}
