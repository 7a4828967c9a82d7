using System.CommandLine;
using Backprop.Cli;
using Backprop.Cli.Commands;

// A RootCommand takes its name from the entry assembly (Backprop.Cli); the tool's command is `backprop`, and help says so.
var root = new Command("backprop", "backprop: train and inspect Keras-style neural networks in .NET (the lecture's MNIST network by default).")
{
    new System.CommandLine.Help.HelpOption(),
    new VersionOption(),
    TrainCommand.Create(),
    EvaluateCommand.Create(),
    PredictCommand.Create(),
    SummaryCommand.Create(),
    ExportOnnxCommand.Create(),
    PerceptronCommand.Create(),
};
return CliErrors.Run(root, args);
