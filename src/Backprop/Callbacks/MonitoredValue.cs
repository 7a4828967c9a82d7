using System.Globalization;
using Backprop.Metrics;

namespace Backprop.Callbacks;

/// <summary>
/// The monitored quantity of EarlyStopping, ReduceLROnPlateau and ModelCheckpoint, as Keras 3's MonitorCallback
/// (keras/src/callbacks/monitor_callback.py): the best value so far (null until the first, or a baseline), an
/// improvement test <c>op(current − minDelta, best)</c>, and "auto" resolved at the first epoch from the model:
/// min for the loss, else the direction of the compiled metric of that name.
/// </summary>
internal sealed class MonitoredValue
{
    private readonly string _callback;
    private readonly float _minDelta;
    private string? _resolved;

    /// <exception cref="ArgumentException">mode is not auto, min or max.</exception>
    public MonitoredValue(string callback, string monitor, string mode, float minDelta, float? baseline)
    {
        ArgumentException.ThrowIfNullOrEmpty(monitor);
        // Keras warns and falls back to auto for an unknown mode; a typo there silently changes the direction, so we refuse it.
        if (mode is not ("auto" or "min" or "max"))
            throw new ArgumentException($"Unknown mode '{mode}'. Known modes: auto, min, max.", nameof(mode));
        (_callback, Monitor, Mode, _minDelta, Best) = (callback, monitor, mode, Math.Abs(minDelta), baseline);
        if (mode != "auto") _resolved = mode;
    }

    public string Monitor { get; }

    /// <summary>As given: auto, min or max.</summary>
    public string Mode { get; }

    /// <summary>min or max once known (at once for min and max, at the first epoch's end for auto).</summary>
    public string? ResolvedMode => _resolved;

    public float? Best { get; set; }

    /// <summary>Resolves "auto" against the model's compiled metrics, as Keras's _set_monitor_op.</summary>
    /// <exception cref="InvalidOperationException">The direction cannot be inferred (Keras raises too).</exception>
    public void Resolve(Model model)
    {
        if (_resolved is not null) return;
        string metricName = Monitor.StartsWith("val_", StringComparison.Ordinal) ? Monitor[4..] : Monitor;
        if (metricName == "loss") { _resolved = "min"; return; }
        foreach (Metric m in model.Metrics.Concat(model.WeightedMetrics))
            if (m.Name == metricName && m.Direction is { } direction) _resolved = direction == MetricDirection.Up ? "max" : "min";
        if (_resolved is null) throw new InvalidOperationException(
            $"{_callback} callback received monitor={Monitor}, but the direction of that metric is unknown, so mode \"auto\" cannot tell whether it should be maximized or minimized. Pass mode: \"max\" or mode: \"min\".");
    }

    /// <summary>Whether <paramref name="current"/> improves on <paramref name="reference"/> (always, when there is none).</summary>
    public bool IsImprovement(float current, float? reference)
    {
        if (reference is not { } r) return true;
        return _resolved == "min" ? current + _minDelta < r : current - _minDelta > r;
    }

    /// <summary>Keras's warning for a monitored key missing from the logs (training goes on).</summary>
    public void WarnMissing(string what, IReadOnlyDictionary<string, float> logs, TextWriter warnings) =>
        warnings.WriteLine($"UserWarning: {what} conditioned on metric `{Monitor}` which is not available. Available metrics are: {string.Join(",", logs.Keys)}.");

    /// <summary>A Python float's repr (the shortest round-trip digits, "1.0" not "1", "1e-05" not "1E-05"), as Keras prints
    /// learning rates and writes logs: pass the float32 value widened to double, which is what Python holds.</summary>
    public static string PythonFloat(double value)
    {
        string s = value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');
        return s.Contains('.') || s.Contains('e') || !double.IsFinite(value) ? s : s + ".0";
    }
}
