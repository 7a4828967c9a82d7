using System.Globalization;

namespace Backprop.Callbacks;

/// <summary>
/// Multiplies the learning rate by <c>factor</c> when a monitored value has not improved (by more than
/// <c>minDelta</c>) for <c>patience</c> epochs, then waits <c>cooldown</c> epochs; never below <c>minLr</c>. As Keras 3
/// (keras/src/callbacks/reduce_lr_on_plateau.py), it adds "learning_rate" to the epoch's logs, so the History has it.
/// Keras's defaults: monitor val_loss, factor 0.1, patience 10, mode auto, minDelta 1e-4, cooldown 0, minLr 0.
/// </summary>
public sealed class ReduceLROnPlateau : Callback
{
    private readonly MonitoredValue _monitor;
    private readonly TextWriter? _output;
    private int _wait;
    private int _cooldownCounter;

    /// <summary>Creates the callback.</summary>
    /// <param name="monitor">The log watched.</param>
    /// <param name="factor">Multiplier applied to the learning rate (below 1).</param>
    /// <param name="patience">Epochs without improvement before reducing.</param>
    /// <param name="mode">min, max, or auto: min for the loss, else the direction of the compiled metric of that name.</param>
    /// <param name="minDelta">Smallest change that counts as an improvement (its absolute value).</param>
    /// <param name="cooldown">Epochs to wait after a reduction before counting again.</param>
    /// <param name="minLr">Lower bound of the learning rate.</param>
    /// <param name="verbose">1 prints Keras's "Epoch N: ReduceLROnPlateau reducing learning rate to …." line.</param>
    /// <param name="output">Where that line and warnings go (the console by default; warnings to standard error).</param>
    /// <exception cref="ArgumentException">factor is not below 1, mode is unknown, or patience or cooldown is negative.</exception>
    public ReduceLROnPlateau(string monitor = "val_loss", float factor = 0.1f, int patience = 10, string mode = "auto",
        float minDelta = 1e-4f, int cooldown = 0, float minLr = 0f, int verbose = 0, TextWriter? output = null)
    {
        if (!(factor < 1f)) throw new ArgumentException($"ReduceLROnPlateau does not support a factor >= 1, got {factor}.", nameof(factor));
        if (patience < 0) throw new ArgumentException($"patience must be non-negative, got {patience}.", nameof(patience));
        if (cooldown < 0) throw new ArgumentException($"cooldown must be non-negative, got {cooldown}.", nameof(cooldown));
        _monitor = new MonitoredValue(nameof(ReduceLROnPlateau), monitor, mode, minDelta, null);
        (Factor, Patience, MinDelta, Cooldown, MinLr, Verbose, _output) = (factor, patience, Math.Abs(minDelta), cooldown, minLr, verbose, output);
    }

    /// <summary>The log watched.</summary>
    public string Monitor => _monitor.Monitor;
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
    /// <summary>1 prints a line at each reduction.</summary>
    public int Verbose { get; }
    /// <summary>"min" or "max"; for "auto", known after the first epoch (until then "auto").</summary>
    public string Mode => _monitor.ResolvedMode ?? _monitor.Mode;

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, float> logs)
    {
        _monitor.Best = null;
        _wait = 0;
        _cooldownCounter = 0;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, float> logs)
    {
        var optimizer = Model!.Optimizer!;
        _monitor.Resolve(Model);
        if (logs is IDictionary<string, float> writable) writable["learning_rate"] = optimizer.LearningRate;
        if (!logs.TryGetValue(Monitor, out float current))
        {
            _monitor.WarnMissing("Learning rate reduction", logs, _output ?? Console.Error);
            return;
        }
        if (_cooldownCounter > 0)
        {
            _cooldownCounter--;
            _wait = 0;
        }
        if (_monitor.IsImprovement(current, _monitor.Best))
        {
            _monitor.Best = current;
            _wait = 0;
        }
        // Keras asks in_cooldown() again here, after the decrement: the epoch that ends the cooldown already counts.
        else if (_cooldownCounter == 0 && ++_wait >= Patience && optimizer.LearningRate > MinLr)
        {
            // Keras computes in Python floats: the float32 rate times the factor as written (0.1, not 0.1f's 0.100000001).
            double factor = double.Parse(Factor.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            double reduced = Math.Max((double)optimizer.LearningRate * factor, MinLr);
            optimizer.LearningRate = (float)reduced;
            if (Verbose > 0) (_output ?? Console.Out).WriteLine($"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {MonitoredValue.PythonFloat(reduced)}.");
            _cooldownCounter = Cooldown;
            _wait = 0;
        }
    }
}
