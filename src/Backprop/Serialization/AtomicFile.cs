namespace Backprop.Serialization;

/// <summary>
/// Writes a file so that a reader never sees half of it: the bytes go to a temporary file in the same folder
/// (so the final rename stays on one file system and is atomic), are flushed to disk, and only then replace
/// the target. An exception in the middle deletes the temporary file and leaves any previous target intact.
/// A target that is a symbolic link is written through: its final target is replaced, the link stays. Temporary
/// files of ours that a killed process left beside the target are removed by the next save to it.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        string full = FinalTarget(Path.GetFullPath(path));
        string folder = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Cannot save '{path}': the folder '{folder}' does not exist.");
        RemoveStaleTemporaries(folder, Path.GetFileName(full));
        string temporary = Path.Combine(folder, TemporaryPrefix(Path.GetFileName(full)) + $"{Guid.NewGuid():N}.tmp");
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

    private static string TemporaryPrefix(string fileName) => $".{fileName}.";

    /// <summary>The file a path finally names, following symbolic links (a dangling link names its missing target).</summary>
    private static string FinalTarget(string full)
    {
        var info = new FileInfo(full);
        if (info.LinkTarget is null) return full;
        FileSystemInfo? target = info.ResolveLinkTarget(returnFinalTarget: true);
        return target?.FullName ?? full;
    }

    /// <summary>
    /// Deletes ".name.&lt;32 hex digits&gt;.tmp" files that no process holds. A save in progress holds its temporary file
    /// open with FileShare.None (an exclusive lock on Unix as on Windows), so opening it that way fails and it is kept.
    /// </summary>
    private static void RemoveStaleTemporaries(string folder, string fileName)
    {
        string prefix = TemporaryPrefix(fileName);
        IEnumerable<string> candidates;
        try { candidates = Directory.EnumerateFiles(folder, prefix + "*.tmp"); }
        catch (IOException) { return; }
        catch (UnauthorizedAccessException) { return; }
        foreach (string candidate in candidates)
        {
            string middle = Path.GetFileName(candidate)[prefix.Length..^".tmp".Length];
            if (middle.Length != 32 || !middle.All(Uri.IsHexDigit)) continue;
            try
            {
                using (new FileStream(candidate, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) { }
                File.Delete(candidate);
            }
            catch (IOException) { }                  // held by a save in progress, or already gone
            catch (UnauthorizedAccessException) { }  // not ours to delete
        }
    }
}
