namespace Backprop.Datasets;

/// <summary>A numeric table read by <see cref="Csv.Load(string, IEnumerable{string}?, bool, char, int, char?)"/>: features [rows, f] and labels [rows, l] (null without label columns).</summary>
public sealed record CsvTable(Tensor Features, Tensor? Labels, IReadOnlyList<string> FeatureNames, IReadOnlyList<string> LabelNames);
