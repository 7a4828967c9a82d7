using System.CommandLine;
using System.Globalization;
using Backprop.Plotting;

namespace Backprop.Cli.Commands;

/// <summary>`backprop evaluate MODEL`: the saved model's loss and metrics on a dataset's test split.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A model saved by `backprop train` or Model.Save (.keras)" };
        var dataset = new Option<string>("--dataset") { Description = "mnist-sample, mnist, fashion-mnist, a folder of IDX files, or a .csv file (last column: the class, or a regression's target)", DefaultValueFactory = _ => "mnist-sample" };
        var batchSize = new Option<int>("--batch-size") { Description = "Samples per batch", DefaultValueFactory = _ => 32 };
        var seed = new Option<int>("--seed") { Description = "Seed of the split of a .csv dataset (use the one it was trained with)", DefaultValueFactory = _ => 42 };
        var confusion = new Option<string?>("--confusion-matrix") { Description = "Also save the confusion matrix as this PNG" };
        var verbose = new Option<bool>("--verbose") { Description = "Print stack traces on errors" };
        var command = new Command("evaluate", "Evaluate a saved model on a dataset's test split: loss and metrics as it was compiled with") { model, dataset, batchSize, seed, confusion, verbose };
        command.SetAction(parse => Run(parse.GetValue(model)!, parse.GetValue(dataset)!, parse.GetValue(batchSize), parse.GetValue(seed), parse.GetValue(confusion), Console.Out));
        return command;
    }

    public static int Run(string modelPath, string datasetName, int batchSize, int seed, string? confusionPath, TextWriter console)
    {
        Model model = Model.Load(modelPath);
        if (!model.Compiled) throw new InvalidOperationException($"'{modelPath}' was saved without a loss (not compiled), so there is nothing to evaluate against.");
        // A model with one linear output was trained as a regression (`train --task regression`): its table is read as one.
        bool regression = SavedModelShapes.OutputWidth(model) == 1 && model.Layers[^1] is Backprop.Layers.Dense { Activation.Name: "linear" };
        LoadedDataset data = DatasetLoader.Load(datasetName, seed, regression ? "regression" : "classification");
        Tensor x = SavedModelShapes.ShapedForModel(model, LoadedDataset.ModelInputs(data.Test.X, data.IsPixels), modelPath);
        Tensor labels = data.Test.Y;
        if (regression)
        {
            if (confusionPath is not null) throw new ArgumentException("--confusion-matrix is for a classifier; this model predicts a number.");
            Print(datasetName, x.Dim(0), model.Evaluate(x, labels, batchSize: batchSize), console);
            return 0;
        }
        bool sparse = model.Loss!.Name.StartsWith("sparse", StringComparison.Ordinal);
        int classes = SavedModelShapes.OutputWidth(model);
        int largest = (int)labels.Max().Item();
        if (!sparse && largest >= classes)
            throw new ArgumentException($"The dataset has class {largest}, but '{modelPath}' outputs {classes} classes.");
        Print(datasetName, x.Dim(0), model.Evaluate(x, sparse ? labels : Utils.ToCategorical(labels, classes), batchSize: batchSize), console);
        if (confusionPath is not null)
        {
            ConfusionMatrixPlot.SavePng(ConfusionMatrix.FromPredictions(model.Predict(x), labels), confusionPath);
            console.WriteLine($"confusion matrix saved to {confusionPath}");
        }
        return 0;
    }

    private static void Print(string datasetName, int samples, IReadOnlyDictionary<string, float> scores, TextWriter console)
    {
        console.WriteLine($"{datasetName}: {samples} test samples");
        foreach (var (name, value) in scores) console.WriteLine($"test {name}: {value.ToString("F4", CultureInfo.InvariantCulture)}");
    }
}
