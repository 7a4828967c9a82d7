namespace Backprop.Serialization;

/// <summary>
/// Writes a file so that a reader never sees half of it: the bytes go to a temporary file in the same folder
/// (so the final rename stays on one file system and is atomic), are flushed to disk, and only then replace
/// the target. An exception in the middle deletes the temporary file and leaves any previous target intact.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Cannot save '{path}': the folder '{folder}' does not exist.");
        string temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
