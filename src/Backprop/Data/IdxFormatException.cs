namespace Backprop.Datasets;

/// <summary>A file is not a valid IDX file (bad magic, dimensions or length); the message names the file and the problem.</summary>
public sealed class IdxFormatException(string message, Exception? inner = null) : FormatException(message, inner);
