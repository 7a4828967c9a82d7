using System.CommandLine;
using Backprop.Layers;

namespace Backprop.Cli.Commands;

/// <summary>`backprop train`: the lecture's network on the shipped MNIST sample by default.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "mnist-sample (shipped), mnist, fashion-mnist, a folder of IDX files, or a .csv file (.csv.gz too) whose last column is the class or, with --task regression, the target", DefaultValueFactory = _ => "mnist-sample" };
        var task = new Option<string>("--task") { Description = "classification, regression (a table's last column is a number to predict: linear output, mse, mae), or auto: regression when that column holds a value that is not a class index", DefaultValueFactory = _ => "auto" };
        var model = new Option<string>("--model") { Description = "dense (the lecture's network, layers from --layers) or convnet (Keras's MNIST convnet: Conv2D 32, MaxPooling2D, Conv2D 64, MaxPooling2D, Flatten, Dropout 0.5, Dense softmax)", DefaultValueFactory = _ => "dense" };
        var layers = new Option<string?>("--layers") { Description = $"Dense layers as units:activation, comma-separated (dense model; default {TrainSettings.DefaultLayers})" };
        var optimizer = new Option<string?>("--optimizer") { Description = "sgd, rmsprop, adagrad, adam, adamw, adamax, nadam, adadelta, lion or ftrl (default: rmsprop for dense, adam for convnet, as Keras's examples)" };
        var learningRate = new Option<float?>("--learning-rate") { Description = "Learning rate (default: the optimizer's Keras default)" };
        var loss = new Option<string?>("--loss") { Description = "Loss by Keras name (default: categorical_crossentropy; mse for a regression)" };
        var metrics = new Option<string?>("--metrics") { Description = "Metrics by Keras name, comma-separated (default: accuracy; mae for a regression)" };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training data", DefaultValueFactory = _ => 5 };
        var batchSize = new Option<int>("--batch-size") { Description = "Samples per gradient step", DefaultValueFactory = _ => 128 };
        var validationSplit = new Option<float>("--validation-split") { Description = "Fraction of the training data held out for validation (the last part)", DefaultValueFactory = _ => 0f };
        var seed = new Option<int>("--seed") { Description = "Random seed for initialisation and shuffling", DefaultValueFactory = _ => 42 };
        var threads = new Option<int?>("--threads") { Description = "Compute threads (default: BACKPROP_NUM_THREADS or all cores)" };
        var output = new Option<string>("--output") { Description = "Where to save the trained model (.keras)", DefaultValueFactory = _ => "backprop-model.keras" };
        var plot = new Option<string?>("--plot") { Description = "Where to save the training curves (PNG); default: beside the model; 'none' for no plot" };
        var verbose = new Option<bool>("--verbose") { Description = "Print stack traces on errors" };
        var command = new Command("train", "Train a dense network (the lecture's Dense 512 relu + Dense 10 softmax on the MNIST sample by default) or Keras's MNIST convnet (--model convnet), print the test loss and accuracy, save the model and its training curves")
        {
            dataset, task, model, layers, optimizer, learningRate, loss, metrics, epochs, batchSize, validationSplit, seed, threads, output, plot, verbose,
        };
        command.SetAction(parse =>
        {
            string kind = parse.GetValue(model)!;
            if (kind == "convnet" && parse.GetValue(layers) is not null)
                throw new ArgumentException("--layers describes the dense model; --model convnet is Keras's MNIST convnet, whose layers are fixed.");
            // The defaults of --layers, --loss and --metrics follow the task, which auto settles only once the data is read.
            var settings = new TrainSettings(
                parse.GetValue(dataset)!, parse.GetValue(layers) ?? "", parse.GetValue(optimizer) ?? (kind == "convnet" ? "adam" : "rmsprop"),
                parse.GetValue(learningRate), parse.GetValue(loss) ?? "", parse.GetValue(metrics) ?? "", parse.GetValue(epochs), parse.GetValue(batchSize),
                parse.GetValue(validationSplit), parse.GetValue(seed), parse.GetValue(threads), parse.GetValue(output)!,
                PlotPath(parse.GetValue(plot), parse.GetValue(output)!), kind, parse.GetValue(task)!);
            return TrainRunner.Run(settings, Console.Out);
        });
        return command;
    }

    /// <summary>The PNG beside the model ("model.keras" → "model.png") unless a path or "none" is given.</summary>
    internal static string? PlotPath(string? plot, string output) => plot switch
    {
        "none" => null,
        null or "" => Path.ChangeExtension(output, ".png"),
        _ => plot,
    };
}
