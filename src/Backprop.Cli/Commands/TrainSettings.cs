namespace Backprop.Cli.Commands;

/// <summary>The options of `backprop train`, parsed.</summary>
internal sealed record TrainSettings(string Dataset, string Layers, string Optimizer, float? LearningRate, string Loss, string Metrics,
    int Epochs, int BatchSize, float ValidationSplit, int Seed, int? Threads, string Output, string? Plot, string Model = "dense", string Task = "auto")
{
    /// <summary>What `--task` names: classification (a class index per sample), regression (a number per sample), or auto:
    /// regression for a table whose last column holds a value that is not a class index, classification otherwise.</summary>
    public static readonly string[] Tasks = ["auto", "classification", "regression"];

    /// <summary>--layers, --loss and --metrics for a regression when none was given: Keras's table for a real target
    /// (a linear last layer, mean squared error), with the mean absolute error reported.</summary>
    public const string DefaultRegressionLayers = "64:relu,1:linear";

    /// <summary>The models `--model` names: the lecture's dense network (its layers from --layers) or Keras's MNIST convnet.</summary>
    public static readonly string[] Models = ["dense", "convnet"];

    /// <summary>--layers when the dense model is trained and none was given.</summary>
    public const string DefaultLayers = "512:relu,10:softmax";
}
