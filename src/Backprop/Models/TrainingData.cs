using System.Globalization;

namespace Backprop;

/// <summary>Checks on the arrays given to Fit / Evaluate, and the batches cut from them.</summary>
internal static class TrainingData
{
    public static void CheckPair(Tensor x, Tensor? y, string xName = "x", string yName = "y")
    {
        ArgumentNullException.ThrowIfNull(x, xName);
        if (x.Rank < 1) throw new ArgumentException($"{xName} must have a batch axis, got a scalar.", xName);
        CheckFinite(x, xName);
        if (y is null) return;
        if (y.Rank < 1) throw new ArgumentException($"{yName} must have a batch axis, got a scalar.", yName);
        if (x.Dim(0) != y.Dim(0))
            throw new ArgumentException($"{xName} and {yName} must have the same number of samples: {xName} has {x.Dim(0)} (shape {ShapeMath.Format(x.ShapeRef)}), {yName} has {y.Dim(0)} (shape {ShapeMath.Format(y.ShapeRef)}).");
        CheckFinite(y, yName);
    }

    /// <summary>NaN or infinity in the data would silently turn the weights to NaN: reject it with its position.</summary>
    public static void CheckFinite(Tensor t, string name)
    {
        if (Ops.ReductionOps.FirstNonFinite(t) is not { } bad) return;
        int rowSize = t.Dim(0) == 0 ? 1 : t.Size / t.Dim(0);
        throw new ArgumentException($"{name} contains {t.At(bad).ToString(CultureInfo.InvariantCulture)} at sample {bad / rowSize} (flat index {bad}); the data must be finite.", name);
    }

    /// <summary>Per-sample weights: one finite, non-negative value per sample (NaN would make the loss NaN, and a
    /// negative weight would train towards the wrong answer).</summary>
    public static void CheckSampleWeights(Tensor? sampleWeight, int samples, string name = "sampleWeight")
    {
        if (sampleWeight is null) return;
        if (sampleWeight.Rank != 1 || sampleWeight.Dim(0) != samples)
            throw new ArgumentException($"{name} must have shape [{samples}] (one weight per sample), got {ShapeMath.Format(sampleWeight.ShapeRef)}.", name);
        using Tensor.PooledValues weights = sampleWeight.CopyToPool();
        ReadOnlySpan<float> w = weights.Span;
        for (int i = 0; i < w.Length; i++)
            if (!(w[i] >= 0) || float.IsInfinity(w[i]))
                throw new ArgumentException($"{name} must be finite and non-negative, got {w[i].ToString(CultureInfo.InvariantCulture)} for sample {i}.", name);
    }

    /// <summary>Data for a step or an evaluation: at least one sample (an empty batch has no mean loss).</summary>
    public static void CheckNotEmpty(Tensor x, string name = "x")
    {
        if (x.Dim(0) == 0) throw new ArgumentException($"{name} has no samples (shape {ShapeMath.Format(x.ShapeRef)}); give at least one.", name);
    }

    public static void CheckBatchSize(int batchSize)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"batchSize must be positive, got {batchSize}.");
    }

    /// <summary>Copies the rows <paramref name="order"/>[start..start+count) of <paramref name="source"/> into a batch tensor.</summary>
    public static Tensor Gather(Tensor source, ReadOnlySpan<int> order, Tensor? reuse)
    {
        return Ops.GatherOps.Rows(source, order, reuse);
    }
}
