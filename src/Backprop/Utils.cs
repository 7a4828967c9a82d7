using Backprop.Kernels;

namespace Backprop;

/// <summary>Keras-style helpers: the random seed, thread count and label encoding.</summary>
public static class Utils
{
    /// <summary>Seeds the one generator used for weight initialisation, shuffling and dropout (Keras's <c>keras.utils.set_random_seed</c>).
    /// Fit restarts it at each epoch from (seed, epoch), so a run resumed from a checkpoint with the same seed repeats the original exactly.</summary>
    public static void SetRandomSeed(int seed) => RandomSource.Seed(seed);

    /// <summary>Resets automatic layer and model names (the next Dense is "dense" again), like <c>keras.backend.clear_session()</c>.</summary>
    public static void ClearSession() => NameRegistry.Clear();

    /// <summary>Threads the compute kernels use (default: <c>BACKPROP_NUM_THREADS</c>, else the processor count).</summary>
    public static int NumThreads
    {
        get => KernelBackend.Current.Threads;
        set => KernelBackend.Current.Threads = value;
    }

    /// <summary>
    /// One-hot encodes class indices: [N] (or [N,1]) → [N, numClasses], like <c>keras.utils.to_categorical</c>.
    /// </summary>
    /// <example><c>Utils.ToCategorical(Tensor.FromArray([2f, 0f]), 3)</c> → [[0, 0, 1], [1, 0, 0]].</example>
    /// <exception cref="ArgumentException">A label is not an integer in [0, numClasses).</exception>
    public static Tensor ToCategorical(Tensor labels, int numClasses)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (numClasses <= 0) throw new ArgumentOutOfRangeException(nameof(numClasses), $"numClasses must be positive, got {numClasses}.");
        if (labels.Rank > 2 || (labels.Rank == 2 && labels.Dim(1) != 1))
            throw new ArgumentException($"ToCategorical expects labels of shape [N] or [N, 1], got {ShapeMath.Format(labels.ShapeRef)}.", nameof(labels));
        int n = labels.Rank == 0 ? 1 : labels.Dim(0);
        return Ops.LabelOps.OneHot(labels, n, numClasses);
    }

    /// <summary>
    /// Divides by the Lp norm along an axis (Keras's <c>keras.utils.normalize</c>, order 2 by default); a zero norm is left as 1.
    /// </summary>
    public static Tensor Normalize(Tensor x, int axis = -1, int order = 2)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (order < 1) throw new ArgumentOutOfRangeException(nameof(order), $"order must be at least 1, got {order}.");
        using (Autograd.Autograd.NoGrad())
        {
            Tensor norm = order == 1 ? x.Abs().Sum(axis, keepDims: true) : x.Abs().Pow(order).Sum(axis, keepDims: true).Pow(1f / order);
            return x / Ops.LabelOps.ZerosToOnes(norm);
        }
    }

    /// <summary>
    /// Splits samples into train and test sets at random (seeded): <paramref name="testSize"/> is the test fraction in (0, 1).
    /// With <paramref name="stratify"/>, each class (label value, or argmax of a one-hot row) keeps its proportion in both sets.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">testSize is outside (0, 1) or leaves a set empty.</exception>
    public static DataSplit TrainTestSplit(Tensor x, Tensor y, double testSize = 0.25, int seed = 0, bool stratify = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (!(testSize > 0 && testSize < 1)) throw new ArgumentOutOfRangeException(nameof(testSize), $"testSize must be in (0, 1), got {testSize}.");
        int n = x.Dim(0);
        if (y.Dim(0) != n) throw new ArgumentException($"x has {n} samples but y has {y.Dim(0)}.");
        var random = new Random(seed);
        var testRows = new List<int>();
        var trainRows = new List<int>();
        IEnumerable<IGrouping<int, int>> groups = stratify
            ? Enumerable.Range(0, n).GroupBy(i => ClassOf(y, i)).OrderBy(g => g.Key)
            : Enumerable.Range(0, n).GroupBy(_ => 0);
        foreach (var group in groups)
        {
            int[] rows = group.ToArray();
            random.Shuffle(rows);
            int take = (int)Math.Round(rows.Length * testSize);
            testRows.AddRange(rows[..take]);
            trainRows.AddRange(rows[take..]);
        }
        if (testRows.Count == 0 || trainRows.Count == 0)
            throw new ArgumentOutOfRangeException(nameof(testSize), $"testSize {testSize} of {n} samples leaves an empty set.");
        random.Shuffle(CollectionsMarshalList(testRows));
        random.Shuffle(CollectionsMarshalList(trainRows));
        return new DataSplit((Take(x, trainRows), Take(y, trainRows)), (Take(x, testRows), Take(y, testRows)));
    }

    /// <summary>x and y shuffled together with the same seeded permutation (copies).</summary>
    public static (Tensor X, Tensor Y) Shuffle(Tensor x, Tensor y, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Dim(0) != y.Dim(0)) throw new ArgumentException($"x has {x.Dim(0)} samples but y has {y.Dim(0)}.");
        int[] order = Enumerable.Range(0, x.Dim(0)).ToArray();
        new Random(seed).Shuffle(order);
        return (Take(x, order), Take(y, order));
    }

    private static Span<int> CollectionsMarshalList(List<int> list) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list);

    private static int ClassOf(Tensor y, int i) => Ops.LabelOps.ClassOfRow(y, i, MidpointRounding.ToZero);

    private static Tensor Take(Tensor t, IReadOnlyList<int> rows) => Ops.GatherOps.Rows(t, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rows as List<int> ?? [.. rows]), reuse: null);
}
