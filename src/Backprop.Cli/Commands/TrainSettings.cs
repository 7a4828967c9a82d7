namespace Backprop.Cli.Commands;

/// <summary>The options of `backprop train`, parsed.</summary>
internal sealed record TrainSettings(string Dataset, string Layers, string Optimizer, float? LearningRate, string Loss, string Metrics,
    int Epochs, int BatchSize, float ValidationSplit, int Seed, int? Threads, string Output, string? Plot);
