using System.CommandLine;
using Backprop.Cli;
using Backprop.Cli.Commands;

var root = new RootCommand("backprop: train and inspect Keras-style neural networks in .NET (the lecture's MNIST network by default).")
{
    TrainCommand.Create(),
    EvaluateCommand.Create(),
    PredictCommand.Create(),
    SummaryCommand.Create(),
    ExportOnnxCommand.Create(),
    PerceptronCommand.Create(),
};
return CliErrors.Run(root, args);
