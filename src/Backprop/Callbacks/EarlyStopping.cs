namespace Backprop.Callbacks;

/// <summary>
/// Stops training when a monitored value stops improving, as Keras 3's EarlyStopping
/// (keras/src/callbacks/early_stopping.py): an improvement is a change of more than <c>minDelta</c> in the right
/// direction; after <c>patience</c> epochs without one, training stops. With a <c>baseline</c>, the wait only resets
/// on values that also beat it; epochs before <c>startFromEpoch</c> are not monitored. With
/// <c>restoreBestWeights</c>, the best epoch's weights are put back when training ends, whether or not it stopped early.
/// </summary>
public sealed class EarlyStopping : Callback
{
    private readonly MonitoredValue _monitor;
    private readonly TextWriter? _output;
    private int _wait;
    private IReadOnlyList<Tensor>? _bestWeights;

    /// <summary>Creates the callback with Keras's defaults (monitor val_loss, minDelta 0, patience 0, mode auto).</summary>
    /// <param name="monitor">The log watched.</param>
    /// <param name="minDelta">Smallest change that counts as an improvement (its absolute value).</param>
    /// <param name="patience">Epochs without improvement before stopping.</param>
    /// <param name="mode">min, max, or auto: min for the loss, else the direction of the compiled metric of that name.</param>
    /// <param name="restoreBestWeights">Put the best epoch's weights back at the end of training.</param>
    /// <param name="verbose">1 prints Keras's "Epoch N: early stopping" and restoring messages.</param>
    /// <param name="baseline">A value the monitored quantity must beat for the wait to reset.</param>
    /// <param name="startFromEpoch">Epochs to let pass (warm-up) before monitoring.</param>
    /// <param name="output">Where messages and warnings go (the console by default; warnings to standard error).</param>
    /// <exception cref="ArgumentException">mode is not auto, min or max; patience or startFromEpoch is negative.</exception>
    public EarlyStopping(string monitor = "val_loss", float minDelta = 0f, int patience = 0, string mode = "auto", bool restoreBestWeights = false,
        int verbose = 0, float? baseline = null, int startFromEpoch = 0, TextWriter? output = null)
    {
        if (patience < 0) throw new ArgumentException($"patience must be non-negative, got {patience}.", nameof(patience));
        if (startFromEpoch < 0) throw new ArgumentException($"startFromEpoch must be non-negative, got {startFromEpoch}.", nameof(startFromEpoch));
        _monitor = new MonitoredValue(nameof(EarlyStopping), monitor, mode, minDelta, null);
        (MinDelta, Patience, RestoreBestWeights, Verbose, Baseline, StartFromEpoch, _output) = (Math.Abs(minDelta), patience, restoreBestWeights, verbose, baseline, startFromEpoch, output);
    }

    /// <summary>The log watched.</summary>
    public string Monitor => _monitor.Monitor;
    /// <summary>Smallest change that counts as an improvement.</summary>
    public float MinDelta { get; }
    /// <summary>Epochs without improvement before stopping.</summary>
    public int Patience { get; }
    /// <summary>"min" or "max"; for "auto", known after the first monitored epoch (until then "auto").</summary>
    public string Mode => _monitor.ResolvedMode ?? _monitor.Mode;
    /// <summary>Whether the best epoch's weights are restored at the end of training.</summary>
    public bool RestoreBestWeights { get; }
    /// <summary>1 prints Keras's messages.</summary>
    public int Verbose { get; }
    /// <summary>The value to beat for the wait to reset, or null.</summary>
    public float? Baseline { get; }
    /// <summary>The first epoch (0-based) that is monitored.</summary>
    public int StartFromEpoch { get; }
    /// <summary>The epoch (0-based) training stopped at, or 0 if it ran to the end.</summary>
    public int StoppedEpoch { get; private set; }
    /// <summary>The epoch (0-based) with the best monitored value.</summary>
    public int BestEpoch { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, float> logs)
    {
        _monitor.Best = null;
        _wait = 0;
        _bestWeights = null;
        StoppedEpoch = 0;
        BestEpoch = 0;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, float> logs)
    {
        _monitor.Resolve(Model!);
        if (!logs.TryGetValue(Monitor, out float current))
        {
            _monitor.WarnMissing("Early stopping", logs, _output ?? Console.Error);
            return;
        }
        if (epoch < StartFromEpoch) return;
        if (RestoreBestWeights && _bestWeights is null)
        {
            _bestWeights = Model!.GetWeights();
            BestEpoch = epoch;
        }
        // Keras 3's order: count the epoch, reset on improvement (beating the baseline too, if any), stop once the
        // count reaches patience (never at epoch 0).
        _wait++;
        if (_monitor.IsImprovement(current, _monitor.Best))
        {
            _monitor.Best = current;
            BestEpoch = epoch;
            if (RestoreBestWeights) _bestWeights = Model!.GetWeights();
            if (Baseline is null || _monitor.IsImprovement(current, Baseline)) _wait = 0;
            return;
        }
        if (_wait >= Patience && epoch > 0)
        {
            StoppedEpoch = epoch;
            Model!.StopTraining = true;
        }
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(IReadOnlyDictionary<string, float> logs)
    {
        TextWriter output = _output ?? Console.Out;
        if (StoppedEpoch > 0 && Verbose > 0) output.WriteLine($"Epoch {StoppedEpoch + 1}: early stopping");
        if (RestoreBestWeights && _bestWeights is not null)
        {
            if (Verbose > 0) output.WriteLine($"Restoring model weights from the end of the best epoch: {BestEpoch + 1}.");
            Model!.SetWeights(_bestWeights);
        }
    }
}
