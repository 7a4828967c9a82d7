using System.Globalization;

namespace Backprop.Datasets;

/// <summary>
/// Reads numeric CSV tables into tensors: an optional header row, label columns chosen by name or index,
/// numbers in the invariant culture ("1.5", not "1,5"). A missing or non-numeric value, or a row with the
/// wrong number of fields, is a <see cref="FormatException"/> naming the row and column.
/// </summary>
public static class Csv
{
    /// <summary>Loads a table; <paramref name="labelColumns"/> names the label columns (needs a header).</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="ArgumentException">A label column is not in the header (the message lists the columns).</exception>
    /// <exception cref="FormatException">A value is missing or not a number, or a row is ragged.</exception>
    public static CsvTable Load(string path, IEnumerable<string>? labelColumns = null, bool header = true, char separator = ',')
    {
        string[] lines = ReadLines(path);
        if (labelColumns is not null && !header)
            throw new ArgumentException("Label columns by name need a header row; pass indices instead.", nameof(labelColumns));
        string[] names = header ? Split(lines[0], separator).Select(n => n.Trim()).ToArray() : [];
        int[] indices = (labelColumns ?? []).Select(name =>
        {
            int i = Array.IndexOf(names, name);
            return i >= 0 ? i : throw new ArgumentException($"{path}: no column '{name}'. Columns: {string.Join(", ", names)}.", nameof(labelColumns));
        }).ToArray();
        return Parse(path, lines, header, separator, indices);
    }

    /// <summary>Loads a table with label columns given by 0-based index (negative counts from the end).</summary>
    public static CsvTable Load(string path, IEnumerable<int> labelColumnIndices, bool header = true, char separator = ',') =>
        Parse(path, ReadLines(path), header, separator, labelColumnIndices.ToArray());

    private static string[] ReadLines(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"CSV file not found: {path}", path);
        string[] lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToArray();
        if (lines.Length == 0) throw new FormatException($"{path}: the file is empty.");
        return lines;
    }

    private static string[] Split(string line, char separator) => line.Split(separator);

    private static CsvTable Parse(string path, string[] lines, bool header, char separator, int[] labelIndices)
    {
        int columns = Split(lines[0], separator).Length;
        int[] labels = labelIndices.Select(i => i < 0 ? i + columns : i).ToArray();
        foreach (int i in labels)
            if (i < 0 || i >= columns) throw new ArgumentException($"{path}: label column index out of range for {columns} columns.", nameof(labelIndices));
        string[] names = header ? Split(lines[0], separator).Select(n => n.Trim()).ToArray() : Enumerable.Range(0, columns).Select(i => $"column {i}").ToArray();
        if (labels.Distinct().Count() != labels.Length)
            throw new ArgumentException($"{path}: a label column is given twice (columns {string.Join(", ", labels.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => $"'{names[g.Key]}'"))}); list each once.", nameof(labelIndices));
        int first = header ? 1 : 0, rows = lines.Length - first;
        if (rows == 0) throw new FormatException($"{path}: the table has a header but no rows.");
        int featureCount = columns - labels.Length;
        var features = new float[rows * featureCount];
        var labelValues = new float[rows * labels.Length];
        for (int r = 0; r < rows; r++)
        {
            string[] fields = Split(lines[first + r], separator);
            int lineNumber = first + r + 1;
            if (fields.Length != columns)
                throw new FormatException($"{path}: line {lineNumber} has {fields.Length} fields, expected {columns} (as in line 1).");
            int f = 0;
            for (int c = 0; c < columns; c++)
            {
                string text = fields[c].Trim();
                if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
                    throw new FormatException(text.Length == 0
                        ? $"{path}: line {lineNumber}, column '{names[c]}': the value is missing."
                        : $"{path}: line {lineNumber}, column '{names[c]}': '{text}' is not a number.");
                // NaN, ±Infinity and overflowing numbers (1e999) would turn a model's weights to NaN: refuse them here,
                // where the line and column can still be named.
                if (!float.IsFinite(value))
                    throw new FormatException($"{path}: line {lineNumber}, column '{names[c]}': '{text}' is not a finite number (the value is {value.ToString(CultureInfo.InvariantCulture)}); fill in or drop such values first.");
                int l = Array.IndexOf(labels, c);
                if (l >= 0) labelValues[r * labels.Length + l] = value;
                else features[r * featureCount + f++] = value;
            }
        }
        return new CsvTable(
            Tensor.FromArray(features, rows, featureCount),
            labels.Length == 0 ? null : Tensor.FromArray(labelValues, rows, labels.Length),
            names.Where((_, c) => !labels.Contains(c)).ToArray(),
            labels.Select(c => names[c]).ToArray());
    }
}
