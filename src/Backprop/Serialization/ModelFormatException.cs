namespace Backprop.Serialization;

/// <summary>
/// A saved model or weights file that cannot be loaded: not a zip, truncated, corrupt, an unknown layer
/// in the config, weights that do not fit it. The message names the file and the problem. An <see cref="IOException"/>,
/// like the <see cref="FileNotFoundException"/> a missing file gives, so one catch covers every failed load.
/// </summary>
public sealed class ModelFormatException : IOException
{
    /// <summary>Creates the exception for a file and a reason.</summary>
    public ModelFormatException(string path, string reason, Exception? inner = null)
        : base($"Cannot load '{path}': {reason}", inner)
    {
        FilePath = path;
    }

    /// <summary>The file that failed to load.</summary>
    public string FilePath { get; }
}
