using System.Globalization;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Optimizers;

namespace Backprop.Cli.Commands;

/// <summary>
/// Every option of `backprop train` checked before any data is loaded or any step is trained, so a typo in the last
/// option does not cost a training run (an unwritable --output used to be reported after training, and a negative
/// --learning-rate trained by gradient ascent).
/// </summary>
internal static class TrainSettingsCheck
{
    /// <exception cref="ArgumentException">An option is out of range, names something unknown, or a path cannot be written.</exception>
    public static void Check(TrainSettings s)
    {
        if (s.Epochs < 1) throw new ArgumentException($"--epochs must be at least 1, got {s.Epochs}.");
        if (s.BatchSize < 1) throw new ArgumentException($"--batch-size must be at least 1, got {s.BatchSize}.");
        if (!(s.ValidationSplit >= 0 && s.ValidationSplit < 1))
            throw new ArgumentException($"--validation-split must be in [0, 1), got {s.ValidationSplit.ToString(CultureInfo.InvariantCulture)}.");
        if (s.LearningRate is { } lr && !(lr > 0 && float.IsFinite(lr)))
            throw new ArgumentException($"--learning-rate must be a positive number, got {lr.ToString(CultureInfo.InvariantCulture)}.");
        if (s.Threads is < 1) throw new ArgumentException($"--threads must be at least 1, got {s.Threads}.");
        if (!TrainSettings.Models.Contains(s.Model))
            throw new ArgumentException($"--model: unknown model '{s.Model}'. Known: {string.Join(", ", TrainSettings.Models)}.");
        if (!TrainSettings.Tasks.Contains(s.Task))
            throw new ArgumentException($"--task: unknown task '{s.Task}'. Known: {string.Join(", ", TrainSettings.Tasks)}.");
        // An empty --layers, --loss or --metrics is one not given: its default depends on the task, settled once the data is read.
        if (s.Layers.Length > 0) TrainRunner.ParseLayerSpecs(s.Layers);
        Optimizer.Get(s.Optimizer);
        if (s.Loss.Length > 0) Loss.Get(s.Loss);
        foreach (string m in s.Metrics.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) Metric.Get(m);
        if (!s.Output.EndsWith(".keras", StringComparison.Ordinal))
            throw new ArgumentException($"--output must name a .keras file, got '{s.Output}'.");
        Writable(s.Output, "--output");
        if (s.Plot is { } plot)
        {
            if (!plot.EndsWith(".png", StringComparison.OrdinalIgnoreCase)) throw new ArgumentException($"--plot must name a .png file (or be 'none'), got '{plot}'.");
            Writable(plot, "--plot");
        }
    }

    /// <summary>The folder exists and a file can be created in it (tried with a probe file, removed at once).</summary>
    private static void Writable(string path, string option)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new ArgumentException($"{option} '{path}' is a folder; give a file name.");
        string folder = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(folder)) throw new ArgumentException($"{option} '{path}': the folder '{folder}' does not exist.");
        string probe = Path.Combine(folder, $".backprop-write-check-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new ArgumentException($"{option} '{path}' cannot be written: {e.Message}");
        }
    }
}
