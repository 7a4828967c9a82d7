namespace Backprop.Callbacks;

/// <summary>
/// Writes one CSV row per epoch as Keras 3's CSVLogger (keras/src/callbacks/csv_logger.py): "epoch", then the first
/// epoch's log keys in sorted order, extended with "val_" + each key when that epoch has no validation keys (so
/// validation that runs every few epochs still gets its columns), "NA" for a key an epoch lacks, values as Python
/// writes floats (the float32 widened: 0.10000000149011612), and lines ending in CR LF (Python's csv "excel" dialect).
/// With <c>append</c>, rows are added to an existing file (its header is not repeated).
/// </summary>
public sealed class CsvLogger(string filename, char separator = ',', bool append = false) : Callback
{
    private StreamWriter? _writer;
    private string[]? _keys;
    private bool _writeHeader;

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, float> logs)
    {
        _writeHeader = !(append && File.Exists(filename) && new FileInfo(filename).Length > 0);
        _writer = new StreamWriter(filename, append) { NewLine = "\r\n" };
        _keys = null;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, float> logs)
    {
        if (_writer is null) return;
        if (_keys is null)
        {
            var keys = logs.Keys.Order(StringComparer.Ordinal).ToList();
            if (keys.Count > 0 && !keys.Exists(k => k.StartsWith("val_", StringComparison.Ordinal))) keys.AddRange(keys.Select(k => "val_" + k).ToArray());
            _keys = [.. keys];
            if (_writeHeader) _writer.WriteLine(string.Join(separator, new[] { "epoch" }.Concat(_keys)));
        }
        _writer.WriteLine(string.Join(separator, new[] { epoch.ToString(System.Globalization.CultureInfo.InvariantCulture) }
            .Concat(_keys.Select(k => logs.TryGetValue(k, out float v) ? MonitoredValue.PythonFloat(v) : "NA"))));
        _writer.Flush();
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(IReadOnlyDictionary<string, float> logs)
    {
        _writer?.Dispose();
        _writer = null;
    }
}
