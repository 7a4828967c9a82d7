namespace Backprop.Callbacks;

/// <summary>
/// Saves the model (or only its weights) at the end of each epoch, as Keras's ModelCheckpoint. The path may hold
/// placeholders filled from the epoch (1-based) and the logs: <c>"ckpt/{epoch:02d}-{val_loss:.4f}.keras"</c>.
/// With <c>saveBestOnly</c>, it saves only when the monitored value improves on the best so far (mode min, max, or
/// auto: max for accuracy-like names). Saves are atomic (see <see cref="Model.Save"/>), so a crash mid-save keeps
/// the previous checkpoint.
/// </summary>
public sealed class ModelCheckpoint : Callback
{
    private readonly MonitoredValue _monitor;

    /// <summary>Creates the callback with Keras's defaults (monitor val_loss, save every epoch, mode auto).</summary>
    /// <exception cref="ArgumentException">The path does not end in .keras (or .weights.h5 with saveWeightsOnly), or mode is unknown.</exception>
    public ModelCheckpoint(string filepath, string monitor = "val_loss", int verbose = 0, bool saveBestOnly = false,
        bool saveWeightsOnly = false, string mode = "auto", float? initialValueThreshold = null, TextWriter? output = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(filepath);
        if (saveWeightsOnly && !filepath.EndsWith(".weights.h5", StringComparison.Ordinal))
            throw new ArgumentException($"With saveWeightsOnly the path must end in .weights.h5 (Keras's weights format), got \"{filepath}\".", nameof(filepath));
        if (!saveWeightsOnly && !filepath.EndsWith(".keras", StringComparison.Ordinal))
            throw new ArgumentException($"The path must end in .keras (Keras's model format), got \"{filepath}\".", nameof(filepath));
        Filepath = filepath;
        Verbose = verbose;
        SaveBestOnly = saveBestOnly;
        SaveWeightsOnly = saveWeightsOnly;
        InitialValueThreshold = initialValueThreshold;
        _output = output;
        // As Keras, the best value starts at the threshold and is kept across Fit calls (there is no on_train_begin).
        _monitor = new MonitoredValue(nameof(ModelCheckpoint), monitor, mode, 0f, initialValueThreshold);
    }

    private readonly TextWriter? _output;

    /// <summary>The path template.</summary>
    public string Filepath { get; }
    /// <summary>The log compared with saveBestOnly.</summary>
    public string Monitor => _monitor.Monitor;
    /// <summary>1 prints a line when saving (or not improving), as Keras does.</summary>
    public int Verbose { get; }
    /// <summary>Whether only improvements are saved.</summary>
    public bool SaveBestOnly { get; }
    /// <summary>Whether only the weights are saved (<see cref="Model.SaveWeights"/>).</summary>
    public bool SaveWeightsOnly { get; }
    /// <summary>"min" or "max"; for "auto", known after the first epoch (until then "auto").</summary>
    public string Mode => _monitor.ResolvedMode ?? _monitor.Mode;
    /// <summary>The value a first save must beat, or null.</summary>
    public float? InitialValueThreshold { get; }
    /// <summary>The best monitored value seen, or null before the first.</summary>
    public float? Best => _monitor.Best;

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, float> logs)
    {
        string path = CheckpointPath.Format(Filepath, epoch, logs);
        TextWriter output = _output ?? Console.Out;
        if (SaveBestOnly)
        {
            _monitor.Resolve(Model!);
            if (!logs.TryGetValue(Monitor, out float current))
            {
                // Keras: "Can save best model only with val_loss available, skipping."
                (_output ?? Console.Error).WriteLine($"UserWarning: Can save best model only with {Monitor} available, skipping.");
                return;
            }
            string bestText = _monitor.Best is { } b ? b.ToString("F5", System.Globalization.CultureInfo.InvariantCulture) : "None";
            if (!_monitor.IsImprovement(current, _monitor.Best))
            {
                if (Verbose > 0) output.WriteLine($"\nEpoch {epoch + 1}: {Monitor} did not improve from {bestText}");
                return;
            }
            if (Verbose > 0) output.WriteLine($"\nEpoch {epoch + 1}: {Monitor} improved from {bestText} to {current.ToString("F5", System.Globalization.CultureInfo.InvariantCulture)}, saving model to {path}");
            _monitor.Best = current;
        }
        else if (Verbose > 0) output.WriteLine($"\nEpoch {epoch + 1}: saving model to {path}");
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        if (SaveWeightsOnly) Model!.SaveWeights(path);
        else Model!.Save(path);
    }
}
