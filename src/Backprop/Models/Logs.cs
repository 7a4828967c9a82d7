using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Backprop;

/// <summary>
/// Named results (the loss and each metric) as <c>Model.Evaluate</c> returns them. Reading a name the logs do
/// not hold throws a <see cref="KeyNotFoundException"/> that lists the names they do hold, so that Keras 2's
/// <c>scores["acc"]</c> says it is <c>"accuracy"</c> now.
/// </summary>
public sealed class Logs(IReadOnlyDictionary<string, float> values) : IReadOnlyDictionary<string, float>
{
    /// <summary>The value named <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such name (the message lists the names there are).</exception>
    public float this[string key] => values.TryGetValue(key, out float v) ? v
        : throw new KeyNotFoundException($"No '{key}' in these logs; they hold: {string.Join(", ", values.Keys)}.{(key is "acc" or "val_acc" ? $" Keras 3 names accuracy '{key.Replace("acc", "accuracy")}'." : "")}");

    /// <inheritdoc/>
    public IEnumerable<string> Keys => values.Keys;
    /// <inheritdoc/>
    public IEnumerable<float> Values => values.Values;
    /// <inheritdoc/>
    public int Count => values.Count;
    /// <inheritdoc/>
    public bool ContainsKey(string key) => values.ContainsKey(key);
    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out float value) => values.TryGetValue(key, out value);
    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, float>> GetEnumerator() => values.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
