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
    /// <param name="path">A .csv file, or a gzip-compressed one (.csv.gz, recognised by its content).</param>
    /// <param name="labelColumns">The label columns by name.</param>
    /// <param name="header">Whether the first row (after the skipped ones) names the columns.</param>
    /// <param name="separator">The field separator.</param>
    /// <param name="skipRows">Lines to skip at the start (pandas's <c>skiprows</c>), such as scikit-learn's
    /// breast_cancer.csv's first line of counts.</param>
    /// <param name="comment">Lines that start with this character are skipped (pandas's <c>comment</c>); none by default.</param>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="ArgumentException">A label column is not in the header (the message lists the columns).</exception>
    /// <exception cref="FormatException">A value is missing or not a number, or a row is ragged.</exception>
    [System.Runtime.CompilerServices.OverloadResolutionPriority(1)]
    public static CsvTable Load(string path, IEnumerable<string>? labelColumns = null, bool header = true, char separator = ',', int skipRows = 0, char? comment = null)
    {
        string[] lines = ReadLines(path, skipRows, comment);
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

    /// <summary>Loads a table with label columns given by 0-based index, negative counting from the end as in Python
    /// (<c>labelColumns: [-1]</c>, the last column); the other arguments as the overload by name.</summary>
    public static CsvTable Load(string path, IEnumerable<int> labelColumns, bool header = true, char separator = ',', int skipRows = 0, char? comment = null) =>
        Parse(path, ReadLines(path, skipRows, comment), header, separator, labelColumns.ToArray());

    private static string[] ReadLines(string path, int skipRows, char? comment)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"CSV file not found: {path}", path);
        ArgumentOutOfRangeException.ThrowIfNegative(skipRows);
        string[] lines = [.. ReadAll(path).Skip(skipRows).Where(l => l.Trim().Length > 0 && (comment is not { } c || !l.TrimStart().StartsWith(c)))];
        if (lines.Length == 0) throw new FormatException($"{path}: the file is empty{(skipRows > 0 || comment is not null ? " after the skipped lines" : "")}.");
        return lines;
    }

    /// <summary>The file's lines, decompressed first when it starts with gzip's magic bytes (1f 8b). A gzip file's last
    /// four bytes are its uncompressed size (mod 2³²): a file cut short, which the decompressor would end quietly at
    /// the cut, fails that check rather than losing its last rows.</summary>
    private static string[] ReadAll(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
        {
            using var decompressed = new MemoryStream();
            try
            {
                using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress);
                gzip.CopyTo(decompressed);
            }
            catch (InvalidDataException e)
            {
                throw new FormatException($"{path}: the gzip data is damaged or truncated ({e.Message}).", e);
            }
            uint expected = bytes.Length >= 18 ? BitConverter.ToUInt32(bytes, bytes.Length - 4) : uint.MaxValue;
            if (expected != (uint)decompressed.Length)
                throw new FormatException($"{path}: the gzip data is damaged or truncated (it decompresses to {decompressed.Length} bytes; its trailer says {expected}).");
            bytes = decompressed.ToArray();
        }
        using var reader = new StreamReader(new MemoryStream(bytes));
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return [.. lines];
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
