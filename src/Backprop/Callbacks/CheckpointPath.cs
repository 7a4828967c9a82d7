using System.Globalization;
using System.Text.RegularExpressions;

namespace Backprop.Callbacks;

/// <summary>
/// Fills a checkpoint path template the way Python's <c>str.format</c> does for Keras's ModelCheckpoint:
/// <c>{epoch:02d}</c>, <c>{val_loss:.4f}</c>, <c>{accuracy}</c>; the epoch is 1-based as in Keras.
/// Supported format specs: an optional 0 and width, an optional precision, then d, f or e.
/// </summary>
internal static partial class CheckpointPath
{
    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)(?::(0?)(\d*)(?:\.(\d+))?([dfe]?))?\}")]
    private static partial Regex Placeholder();

    public static string Format(string template, int epoch, IReadOnlyDictionary<string, float> logs) =>
        Placeholder().Replace(template, m =>
        {
            string name = m.Groups[1].Value;
            double value;
            if (name == "epoch") value = epoch + 1;
            else if (logs.TryGetValue(name, out float logged)) value = logged;
            else throw new KeyNotFoundException($"The checkpoint path \"{template}\" uses {{{name}}}, which is not in the logs (available: epoch, {string.Join(", ", logs.Keys)}).");
            bool zero = m.Groups[2].Value == "0";
            int width = m.Groups[3].Value.Length > 0 ? int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) : 0;
            int precision = m.Groups[4].Value.Length > 0 ? int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture) : 6;
            string text = m.Groups[5].Value switch
            {
                "d" when value == Math.Floor(value) => ((long)value).ToString(CultureInfo.InvariantCulture),
                "d" => throw new FormatException($"{{{name}:d}} needs an integer, and {name} is {value}."),
                "f" => value.ToString("F" + precision, CultureInfo.InvariantCulture),
                // Python writes 1.5e-03: at least two exponent digits, like .NET's "e+00" custom format.
                "e" => value.ToString((precision == 0 ? "0" : "0." + new string('0', precision)) + "e+00", CultureInfo.InvariantCulture),
                _ when name == "epoch" => ((long)value).ToString(CultureInfo.InvariantCulture),
                _ => ((float)value).ToString("R", CultureInfo.InvariantCulture),
            };
            if (text.Length >= width) return text;
            return zero ? (text.StartsWith('-') ? "-" + text[1..].PadLeft(width - 1, '0') : text.PadLeft(width, '0')) : text.PadLeft(width);
        });
}
