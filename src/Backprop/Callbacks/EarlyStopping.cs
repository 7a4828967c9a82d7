namespace Backprop.Callbacks;

/// <summary>
/// Stops training when a monitored value stops improving, as Keras's EarlyStopping: an improvement is a
/// change of more than <c>minDelta</c> in the right direction; after <c>patience</c> epochs without one,
/// training stops, and with <c>restoreBestWeights</c> the weights of the best epoch are put back.
/// </summary>
public sealed class EarlyStopping : Callback
{
    private float _best;
    private int _wait;
    private IReadOnlyList<Tensor>? _bestWeights;

    /// <summary>Creates the callback with Keras's defaults (monitor val_loss, minDelta 0, patience 0, mode auto).</summary>
    /// <exception cref="ArgumentException">mode is not auto, min or max; patience is negative.</exception>
    public EarlyStopping(string monitor = "val_loss", float minDelta = 0f, int patience = 0, string mode = "auto", bool restoreBestWeights = false)
    {
        if (patience < 0) throw new ArgumentException($"patience must be non-negative, got {patience}.", nameof(patience));
        Monitor = monitor;
        MinDelta = Math.Abs(minDelta);
        Patience = patience;
        RestoreBestWeights = restoreBestWeights;
        Mode = MonitorMode.Resolve(mode, monitor);
    }

    /// <summary>The log watched.</summary>
    public string Monitor { get; }
    /// <summary>Smallest change that counts as an improvement.</summary>
    public float MinDelta { get; }
    /// <summary>Epochs without improvement before stopping.</summary>
    public int Patience { get; }
    /// <summary>"min" or "max" (resolved from "auto").</summary>
    public string Mode { get; }
    /// <summary>Whether the best epoch's weights are restored when stopping.</summary>
    public bool RestoreBestWeights { get; }
    /// <summary>The epoch (0-based) training stopped at, or 0 if it ran to the end.</summary>
    public int StoppedEpoch { get; private set; }
    /// <summary>The epoch (0-based) with the best monitored value.</summary>
    public int BestEpoch { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, float> logs)
    {
        _best = Mode == "min" ? float.PositiveInfinity : float.NegativeInfinity;
        _wait = 0;
        _bestWeights = null;
        StoppedEpoch = 0;
        BestEpoch = 0;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, float> logs)
    {
        if (!logs.TryGetValue(Monitor, out float current))
            throw new InvalidOperationException($"EarlyStopping monitors '{Monitor}', which is not in the logs (available: {string.Join(", ", logs.Keys)}).");
        // Keras 3's order: count the epoch, reset on improvement, stop once the count reaches patience (never at epoch 0).
        _wait++;
        bool improved = Mode == "min" ? current < _best - MinDelta : current > _best + MinDelta;
        if (improved)
        {
            _best = current;
            BestEpoch = epoch;
            _wait = 0;
            if (RestoreBestWeights) _bestWeights = Model!.GetWeights();
            return;
        }
        if (_wait >= Patience && epoch > 0)
        {
            StoppedEpoch = epoch;
            Model!.StopTraining = true;
            if (RestoreBestWeights && _bestWeights is not null) Model.SetWeights(_bestWeights);
        }
    }
}
