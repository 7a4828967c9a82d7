using System.CommandLine;
using Backprop.Onnx;

namespace Backprop.Cli.Commands;

/// <summary>`backprop export-onnx MODEL`: the saved model as an ONNX file for ONNX Runtime.</summary>
internal static class ExportOnnxCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A model saved by `backprop train` or Model.Save (.keras)" };
        var output = new Option<string?>("--output") { Description = "The ONNX file to write (default: the model's path with .onnx)" };
        var verbose = new Option<bool>("--verbose") { Description = "Print stack traces on errors" };
        var command = new Command("export-onnx", $"Export a saved model to ONNX (opset {OnnxExporter.Opset}, input \"input\" and output \"output\", any batch size)") { model, output, verbose };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(model)!;
            string target = parse.GetValue(output) ?? Path.ChangeExtension(path, ".onnx");
            Model.Load(path, compile: false).ExportOnnx(target);
            Console.WriteLine($"ONNX model saved to {target}");
            return 0;
        });
        return command;
    }
}
