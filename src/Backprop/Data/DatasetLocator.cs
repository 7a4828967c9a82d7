namespace Backprop.Datasets;

/// <summary>
/// Where a dataset's files are looked for, in order: an explicit path, <c>$BACKPROP_DATASETS/&lt;name&gt;</c>,
/// <c>~/.backprop/datasets/&lt;name&gt;</c>, then any system folder given (Debian's package for Fashion-MNIST).
/// </summary>
internal static class DatasetLocator
{
    public static string CacheFolder(string name) =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".backprop", "datasets", name);

    public static IEnumerable<string> Candidates(string name, string? explicitPath, params string[] systemFolders)
    {
        if (explicitPath is not null) yield return explicitPath;
        string? env = Environment.GetEnvironmentVariable("BACKPROP_DATASETS");
        if (!string.IsNullOrEmpty(env)) yield return Path.Combine(env, name);
        yield return CacheFolder(name);
        foreach (string folder in systemFolders) yield return folder;
    }

    /// <summary>
    /// Loads from the first folder that holds the four files; local copies are validated by structure (Debian
    /// re-compresses them, so their .gz hashes differ). Failing that, downloads into the cache with verification.
    /// </summary>
    public static ((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) Load(string name, string? explicitPath, string[] systemFolders,
        RemoteFile[] files, string[] mirrors, string howToGet) =>
        Load(name, explicitPath, systemFolders, files, mirrors, howToGet, IdxFolder.Load, Npy.ReadKerasSplits);

    /// <summary>As <see cref="Load(string, string?, string[], RemoteFile[], string[], string)"/>, with the images as bytes.</summary>
    public static ((ByteImages X, Tensor Y) Train, (ByteImages X, Tensor Y) Test) LoadBytes(string name, string? explicitPath, string[] systemFolders,
        RemoteFile[] files, string[] mirrors, string howToGet) =>
        Load(name, explicitPath, systemFolders, files, mirrors, howToGet, IdxFolder.LoadBytes, npz =>
        {
            var ((xTrain, yTrain), (xTest, yTest)) = Npy.ReadKerasSplits(npz);
            return ((ByteImages.FromTensor(xTrain), yTrain), (ByteImages.FromTensor(xTest), yTest));
        });

    private static T Load<T>(string name, string? explicitPath, string[] systemFolders, RemoteFile[] files, string[] mirrors, string howToGet,
        Func<string, T> loadFolder, Func<string, T> loadNpz)
    {
        var looked = new List<string>();
        foreach (string folder in Candidates(name, explicitPath, systemFolders))
        {
            looked.Add(folder);
            if (Directory.Exists(folder) && IdxFolder.Contains(folder)) return loadFolder(folder);
            if (folder == explicitPath && File.Exists(folder) && folder.EndsWith(".npz", StringComparison.OrdinalIgnoreCase)) return loadNpz(folder);
            if (folder == explicitPath)
                throw new FileNotFoundException($"{folder} does not hold the four {name} files ({string.Join(", ", IdxFolder.FileNames)}, raw or .gz).", folder);
        }
        try
        {
            // The progress bar redraws in place, so it goes to a terminal only.
            var downloader = new DatasetDownloader(progress: Console.IsErrorRedirected ? null : Console.Error);
            foreach (RemoteFile file in files) downloader.Fetch(file, mirrors, CacheFolder(name));
            return loadFolder(CacheFolder(name));
        }
        catch (IOException e)
        {
            throw new FileNotFoundException($"The {name} files were not found. Looked in: {string.Join("; ", looked)}; the download failed too ({e.Message}) {howToGet}", e);
        }
    }
}
