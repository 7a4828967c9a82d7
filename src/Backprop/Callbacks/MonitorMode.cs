namespace Backprop.Callbacks;

/// <summary>The direction a monitored value improves in, for EarlyStopping and ModelCheckpoint (Keras's MonitorCallback).
/// ReduceLROnPlateau keeps its own, older Keras rule ("acc" anywhere in the name means max).</summary>
internal static class MonitorMode
{
    /// <summary>"min" or "max"; "auto" is max for accuracy-like names (…acc, …accuracy…, …auc), else min.</summary>
    /// <exception cref="ArgumentException">mode is not auto, min or max.</exception>
    public static string Resolve(string mode, string monitor) => mode switch
    {
        "min" or "max" => mode,
        "auto" => monitor.EndsWith("acc", StringComparison.Ordinal) || monitor.Contains("accuracy") || monitor.EndsWith("auc", StringComparison.Ordinal) ? "max" : "min",
        _ => throw new ArgumentException($"Unknown mode '{mode}'. Known modes: auto, min, max.", nameof(mode)),
    };
}
