using System.Globalization;

namespace Backprop.Callbacks;

/// <summary>
/// Writes one CSV row per epoch: "epoch" then the logs in sorted key order, like Keras's CSVLogger. With
/// <c>append</c>, rows are added to an existing file (its header is not repeated).
/// </summary>
public sealed class CsvLogger(string filename, char separator = ',', bool append = false) : Callback
{
    private StreamWriter? _writer;
    private string[]? _keys;

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, float> logs)
    {
        bool existing = append && File.Exists(filename) && new FileInfo(filename).Length > 0;
        _writer = new StreamWriter(filename, append);
        _keys = null;
        if (existing) _keys = [];   // header already there
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, float> logs)
    {
        if (_writer is null) return;
        if (_keys is null || _keys.Length == 0)
        {
            bool writeHeader = _keys is null;
            _keys = logs.Keys.Order(StringComparer.Ordinal).ToArray();
            if (writeHeader) _writer.WriteLine(string.Join(separator, new[] { "epoch" }.Concat(_keys)));
        }
        _writer.WriteLine(string.Join(separator, new[] { epoch.ToString(CultureInfo.InvariantCulture) }
            .Concat(_keys.Select(k => logs.TryGetValue(k, out float v) ? v.ToString("R", CultureInfo.InvariantCulture) : "NA"))));
        _writer.Flush();
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(IReadOnlyDictionary<string, float> logs)
    {
        _writer?.Dispose();
        _writer = null;
    }
}
