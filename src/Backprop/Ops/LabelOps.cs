using System.Numerics.Tensors;

namespace Backprop.Ops;

/// <summary>Class labels: one-hot encoding and the class of a row (a one-column value, or a one-hot row's argmax).</summary>
internal static class LabelOps
{
    /// <summary>[n] class indices → [n, classes] one-hot rows.</summary>
    /// <exception cref="ArgumentException">A label is not an integer in [0, classes).</exception>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static Tensor OneHot(Tensor labels, int n, int classes)
    {
        var result = new Tensor([n, classes]);
        ReadOnlySpan<float> y = labels.Span;
        for (int i = 0; i < n; i++)
        {
            float v = y[i];
            if (v != MathF.Floor(v) || v < 0 || v >= classes)
                throw new ArgumentException($"Label {v} at index {i} is not a class index in [0, {classes}).", nameof(labels));
            result.Data[i * classes + (int)v] = 1f;
        }
        return result;
    }

    /// <summary>The class of sample <paramref name="i"/>: a one-column label rounded by <paramref name="rounding"/>, else the
    /// index of the row's largest value.</summary>
    public static int ClassOfRow(Tensor y, int i, MidpointRounding rounding)
    {
        int width = y.Size / Math.Max(1, y.Dim(0));
        return width == 1 ? (int)MathF.Round(y.Data[y.Offset + i], rounding) : TensorPrimitives.IndexOfMax(y.Span.Slice(i * width, width));
    }

    /// <summary>A copy with every zero replaced by one (a norm to divide by, as Keras's normalize does).</summary>
    public static Tensor ZerosToOnes(Tensor t)
    {
        Tensor copy = t.Clone();
        Span<float> n = copy.Span;
        for (int i = 0; i < n.Length; i++) if (n[i] == 0) n[i] = 1;
        return copy;
    }
}
