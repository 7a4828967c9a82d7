namespace Backprop.Cli.Commands;

/// <summary>The options of `backprop train`, parsed.</summary>
internal sealed record TrainSettings(string Dataset, string Layers, string Optimizer, float? LearningRate, string Loss, string Metrics,
    int Epochs, int BatchSize, float ValidationSplit, int Seed, int? Threads, string Output, string? Plot, string Model = "dense")
{
    /// <summary>The models `--model` names: the lecture's dense network (its layers from --layers) or Keras's MNIST convnet.</summary>
    public static readonly string[] Models = ["dense", "convnet"];

    /// <summary>--layers when the dense model is trained and none was given.</summary>
    public const string DefaultLayers = "512:relu,10:softmax";
}
