namespace Backprop.Datasets;

/// <summary>The four files of an MNIST-style dataset in one folder: train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (each raw or .gz).</summary>
public static class IdxFolder
{
    /// <summary>The file names, without .gz.</summary>
    public static readonly string[] FileNames = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>True when the folder holds all four files (raw or .gz).</summary>
    public static bool Contains(string folder) => FileNames.All(f => Find(folder, f) is not null);

    /// <summary>Loads the folder: x as [N, rows, cols] floats, y as [N] class indices.</summary>
    /// <exception cref="FileNotFoundException">A file is missing (the message names it and the folder).</exception>
    /// <exception cref="IdxFormatException">A file is not valid IDX, or images and labels disagree in count.</exception>
    public static ((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) Load(string folder)
    {
        Tensor[] parts = FileNames.Select(f => Idx.Read(Find(folder, f)
            ?? throw new FileNotFoundException($"{folder} has no {f} or {f}.gz (an MNIST-style folder needs {string.Join(", ", FileNames)}).", Path.Combine(folder, f)))).ToArray();
        for (int i = 0; i < 4; i += 2)
        {
            if (parts[i].Rank != 3 || parts[i + 1].Rank != 1 || parts[i].Dim(0) != parts[i + 1].Dim(0))
                throw new IdxFormatException($"{folder}: {FileNames[i]} has shape {ShapeMath.Format(parts[i].ShapeRef)} and {FileNames[i + 1]} has {ShapeMath.Format(parts[i + 1].ShapeRef)}; expected [N, rows, cols] images and [N] labels.");
        }
        return ((parts[0], parts[1]), (parts[2], parts[3]));
    }

    private static string? Find(string folder, string name)
    {
        foreach (string candidate in new[] { name + ".gz", name })
        {
            string path = Path.Combine(folder, candidate);
            if (File.Exists(path)) return path;
        }
        return null;
    }
}
