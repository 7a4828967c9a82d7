namespace Backprop.Callbacks;

/// <summary>
/// Multiplies the learning rate by <c>factor</c> when a monitored value has not improved (by more than
/// <c>minDelta</c>) for <c>patience</c> epochs, then waits <c>cooldown</c> epochs; never below <c>minLr</c>.
/// Keras's defaults: monitor val_loss, factor 0.1, patience 10, mode auto, minDelta 1e-4, cooldown 0, minLr 0.
/// </summary>
public sealed class ReduceLROnPlateau : Callback
{
    private float _best;
    private int _wait;
    private int _cooldownCounter;

    /// <summary>Creates the callback.</summary>
    /// <exception cref="ArgumentException">factor is not below 1, or mode is unknown.</exception>
    public ReduceLROnPlateau(string monitor = "val_loss", float factor = 0.1f, int patience = 10, string mode = "auto",
        float minDelta = 1e-4f, int cooldown = 0, float minLr = 0f)
    {
        if (!(factor < 1f)) throw new ArgumentException($"ReduceLROnPlateau does not support a factor >= 1, got {factor}.", nameof(factor));
        Monitor = monitor;
        Factor = factor;
        Patience = patience;
        MinDelta = minDelta;
        Cooldown = cooldown;
        MinLr = minLr;
        Mode = mode switch
        {
            "min" or "max" => mode,
            "auto" => monitor.Contains("acc", StringComparison.Ordinal) ? "max" : "min",
            _ => throw new ArgumentException($"Unknown mode '{mode}'. Known modes: auto, min, max.", nameof(mode)),
        };
    }

    /// <summary>The log watched.</summary>
    public string Monitor { get; }
    /// <summary>Multiplier applied to the learning rate.</summary>
    public float Factor { get; }
    /// <summary>Epochs without improvement before reducing.</summary>
    public int Patience { get; }
    /// <summary>Smallest change that counts as an improvement.</summary>
    public float MinDelta { get; }
    /// <summary>Epochs to wait after a reduction.</summary>
    public int Cooldown { get; }
    /// <summary>Lower bound of the learning rate.</summary>
    public float MinLr { get; }
    /// <summary>"min" or "max" (resolved from "auto").</summary>
    public string Mode { get; }

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, float> logs)
    {
        _best = Mode == "min" ? float.PositiveInfinity : float.NegativeInfinity;
        _wait = 0;
        _cooldownCounter = 0;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, float> logs)
    {
        var optimizer = Model!.Optimizer!;
        if (!logs.TryGetValue(Monitor, out float current))
            throw new InvalidOperationException($"ReduceLROnPlateau monitors '{Monitor}', which is not in the logs (available: {string.Join(", ", logs.Keys)}).");
        bool inCooldown = _cooldownCounter > 0;
        if (inCooldown)
        {
            _cooldownCounter--;
            _wait = 0;
        }
        bool improved = Mode == "min" ? current < _best - MinDelta : current > _best + MinDelta;
        if (improved)
        {
            _best = current;
            _wait = 0;
        }
        else if (!inCooldown && ++_wait >= Patience && optimizer.LearningRate > MinLr)
        {
            optimizer.LearningRate = MathF.Max(optimizer.LearningRate * Factor, MinLr);
            _cooldownCounter = Cooldown;
            _wait = 0;
        }
    }
}
