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
    public static ((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) Load(string folder) => LoadWith(folder, Idx.Read, x => x.ShapeRef);

    /// <summary>Loads the folder with the images kept as bytes (<see cref="ByteImages"/>, [N, rows, cols]) and y as [N] class indices.</summary>
    /// <exception cref="FileNotFoundException">A file is missing (the message names it and the folder).</exception>
    /// <exception cref="IdxFormatException">A file is not valid IDX, the images are not unsigned bytes, or images and labels disagree in count.</exception>
    public static ((ByteImages X, Tensor Y) Train, (ByteImages X, Tensor Y) Test) LoadBytes(string folder) => LoadWith(folder, Idx.ReadBytes, x => x.ShapeRef);

    private static ((TImages X, Tensor Y) Train, (TImages X, Tensor Y) Test) LoadWith<TImages>(string folder, Func<string, TImages> readImages, Func<TImages, int[]> shapeOf)
    {
        string[] paths = FileNames.Select(f => Locate(folder, f)).ToArray();
        (TImages xTrain, (Tensor yTrain, TImages xTest, Tensor yTest)) = TrainImagesBesideTheRest(
            () => readImages(paths[0]), () => (Idx.Read(paths[1]), readImages(paths[2]), Idx.Read(paths[3])));
        CheckPair(folder, 0, shapeOf(xTrain), yTrain);
        CheckPair(folder, 2, shapeOf(xTest), yTest);
        return ((xTrain, yTrain), (xTest, yTest));
    }

    /// <summary>
    /// Reads the training images on a second thread while this one reads the other three files, when the library may
    /// use more than one thread (<see cref="Utils.NumThreads"/>): gzip inflates at ~260 MB/s on one core, so the
    /// 47 MB of training images alone take ~0.19 s and the rest ~0.06 s more when read one after the other.
    /// </summary>
    private static (TImages, TRest) TrainImagesBesideTheRest<TImages, TRest>(Func<TImages> trainImages, Func<TRest> rest)
    {
        if (Utils.NumThreads < 2) return (trainImages(), rest());
        Task<TImages> images = Task.Run(trainImages);
        TRest others;
        try
        {
            others = rest();
        }
        catch
        {
            // The other files' error is the one reported; the reader is not left running, nor its own failure unobserved.
            try { images.Wait(); }
            catch (AggregateException) { }
            throw;
        }
        return (images.GetAwaiter().GetResult(), others);
    }

    private static string Locate(string folder, string file) => Find(folder, file)
        ?? throw new FileNotFoundException($"{folder} has no {file} or {file}.gz (an MNIST-style folder needs {string.Join(", ", FileNames)}).", Path.Combine(folder, file));

    private static void CheckPair(string folder, int imagesIndex, int[] images, Tensor labels)
    {
        if (images.Length != 3 || labels.Rank != 1 || images[0] != labels.Dim(0))
            throw new IdxFormatException($"{folder}: {FileNames[imagesIndex]} has shape {ShapeMath.Format(images)} and {FileNames[imagesIndex + 1]} has {ShapeMath.Format(labels.ShapeRef)}; expected [N, rows, cols] images and [N] labels.");
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
