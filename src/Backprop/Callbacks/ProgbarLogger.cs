namespace Backprop.Callbacks;

/// <summary>
/// Prints training progress as Keras 3 does: "Epoch 1/5" (when there is more than one epoch), then with
/// verbose 1 a bar updated in place, or with verbose 2 one line per epoch. When the output is not an
/// interactive terminal, verbose 1 prints only each epoch's final line. Fit adds it for verbose 1 and 2.
/// </summary>
public sealed class ProgbarLogger : Callback
{
    private readonly TextWriter _output;
    private readonly bool _dynamic;
    private readonly Func<double> _clock;
    private ProgressBar? _bar;
    private int _verbose;
    private int _steps;
    private int _epochs;

    /// <summary>Creates a logger writing to <paramref name="output"/> (the console by default).</summary>
    /// <param name="output">Where the progress goes.</param>
    /// <param name="dynamicDisplay">Whether to redraw the bar in place; by default, when writing to a console that is not redirected.</param>
    /// <param name="clock">Seconds since any fixed origin (for tests); the wall clock by default.</param>
    public ProgbarLogger(TextWriter? output = null, bool? dynamicDisplay = null, Func<double>? clock = null)
    {
        _output = output ?? Console.Out;
        _dynamic = dynamicDisplay ?? (output is null && !Console.IsOutputRedirected);
        _clock = clock ?? (() => System.Diagnostics.Stopwatch.GetTimestamp() / (double)System.Diagnostics.Stopwatch.Frequency);
    }

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, float> logs)
    {
        _verbose = Params.GetValueOrDefault("verbose", 1);
        _steps = Params.GetValueOrDefault("steps", 1);
        _epochs = Params.GetValueOrDefault("epochs", 1);
    }

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, float> logs)
    {
        _bar = new ProgressBar(_steps, _verbose, _output, _dynamic, _clock);
        if (_verbose > 0 && _epochs > 1) _output.WriteLine($"Epoch {epoch + 1}/{_epochs}");
    }

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, float> logs)
    {
        if (_verbose == 1) _bar?.Update(batch + 1, logs, finalize: false);
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, float> logs) => _bar?.Update(_steps, logs, finalize: true);
}
