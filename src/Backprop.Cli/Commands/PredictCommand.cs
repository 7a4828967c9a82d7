using System.CommandLine;
using System.Globalization;
using Backprop.Datasets;
using Backprop.Plotting;

namespace Backprop.Cli.Commands;

/// <summary>`backprop predict MODEL FILE`: the class and probabilities for a picture of a digit, or for every sample of an IDX or CSV file.</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A model saved by `backprop train` or Model.Save (.keras)" };
        var input = new Argument<string>("input") { Description = "A PNG or JPEG picture of a digit (any size), an IDX image file (.gz or not), or a CSV file of feature rows" };
        var limit = new Option<int>("--limit") { Description = "Print at most this many samples of an IDX or CSV file", DefaultValueFactory = _ => 20 };
        var verbose = new Option<bool>("--verbose") { Description = "Print stack traces on errors" };
        var command = new Command("predict", "Predict with a saved model: prints the class and the probabilities") { model, input, limit, verbose };
        command.SetAction(parse => Run(parse.GetValue(model)!, parse.GetValue(input)!, parse.GetValue(limit), Console.Out));
        return command;
    }

    public static int Run(string modelPath, string inputPath, int limit, TextWriter console)
    {
        Model model = Model.Load(modelPath, compile: false);
        Tensor x = ReadInputs(inputPath, model);
        Tensor probabilities = model.Predict(SavedModelShapes.ShapedForModel(model, x, modelPath));
        int classes = probabilities.Dim(-1), rows = probabilities.Dim(0);
        float[] p = probabilities.ToArray();
        for (int r = 0; r < Math.Min(rows, limit); r++)
        {
            ReadOnlySpan<float> row = p.AsSpan(r * classes, classes);
            int best = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(row);
            string prefix = rows == 1 ? "" : $"sample {r}: ";
            console.WriteLine($"{prefix}class {best} (probability {row[best].ToString("F4", CultureInfo.InvariantCulture)})");
            if (rows == 1)
                for (int c = 0; c < classes; c++) console.WriteLine($"  {c}: {row[c].ToString("F4", CultureInfo.InvariantCulture)}");
        }
        if (rows > limit) console.WriteLine($"… {rows - limit} more samples (--limit)");
        return 0;
    }

    /// <summary>Model inputs [N, features]: pictures and IDX images are pixels (divided by 255); CSV rows are used as they are,
    /// and a CSV with one column more than the model takes is read as the training format (last column the class, ignored).</summary>
    private static Tensor ReadInputs(string path, Model model)
    {
        string lower = path.ToLowerInvariant();
        if (lower.EndsWith(".png") || lower.EndsWith(".jpg") || lower.EndsWith(".jpeg"))
            return LoadedDataset.ModelInputs(Tensor.FromArray(MnistImage.Load(path), 1, MnistImage.Side * MnistImage.Side), isPixels: true);
        if (lower.EndsWith(".csv"))
        {
            // The header says how many columns there are, so the file is parsed once.
            int columns = File.Exists(path) ? File.ReadLines(path).FirstOrDefault()?.Split(',').Length ?? 0 : 0;
            return columns == SavedModelShapes.FeatureCount(model) + 1 ? Csv.Load(path, labelColumns: [-1]).Features : Csv.Load(path).Features;
        }
        if (lower.Contains("idx") || lower.EndsWith(".gz") || lower.EndsWith("ubyte"))
        {
            Tensor images = Idx.Read(path);
            return LoadedDataset.ModelInputs(images.Rank == 1 ? images.Reshape(1, -1) : images, isPixels: true);
        }
        throw new ArgumentException($"'{path}': give a .png, .jpg or .jpeg picture, an IDX file (…-idx3-ubyte, .gz) or a .csv file.");
    }
}
