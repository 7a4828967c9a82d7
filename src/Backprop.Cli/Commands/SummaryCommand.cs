using System.CommandLine;

namespace Backprop.Cli.Commands;

/// <summary>`backprop summary MODEL`: Keras's summary table of a saved model, and how it was compiled.</summary>
internal static class SummaryCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A model saved by `backprop train` or Model.Save (.keras)" };
        var verbose = new Option<bool>("--verbose") { Description = "Print stack traces on errors" };
        var command = new Command("summary", "Print the layers, output shapes and parameter counts of a saved model") { model, verbose };
        command.SetAction(parse =>
        {
            Model loaded = Model.Load(parse.GetValue(model)!);
            loaded.Summary(Console.Out);
            if (loaded.Compiled)
                Console.WriteLine($"compiled with optimizer {loaded.Optimizer!.Name} (after {loaded.Optimizer.Iterations} steps), loss {loaded.Loss!.Name}, metrics {string.Join(", ", loaded.Metrics.Select(m => m.Name))}");
            return 0;
        });
        return command;
    }
}
