using Backprop.Callbacks;

namespace Backprop;

/// <summary>
/// What <c>Model.Fit</c> returns: each log's value per epoch, read as <c>history["val_loss"]</c>
/// or through <see cref="Values"/>. (Keras spells it <c>history.history["val_loss"]</c>; C# does not allow
/// a member named like its class, hence the indexer.)
/// </summary>
public sealed class History : Callback
{
    private readonly Dictionary<string, List<float>> _values = [];

    /// <summary>Per log name, one value per epoch, in epoch order.</summary>
    public IReadOnlyDictionary<string, List<float>> Values => _values;

    /// <summary>The values of one log, one per epoch.</summary>
    /// <exception cref="KeyNotFoundException">No such log; the message lists the recorded ones.</exception>
    public IReadOnlyList<float> this[string name] => _values.TryGetValue(name, out var v) ? v
        : throw new KeyNotFoundException($"No '{name}' in the history. Recorded: {string.Join(", ", _values.Keys)}.");

    /// <summary>The epochs recorded (0-based).</summary>
    public List<int> Epoch { get; } = [];

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, float> logs)
    {
        Epoch.Add(epoch);
        foreach (var (name, value) in logs)
        {
            if (!_values.TryGetValue(name, out var values)) _values[name] = values = [];
            values.Add(value);
        }
    }
}
