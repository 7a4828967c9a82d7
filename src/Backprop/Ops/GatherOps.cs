using Backprop.Kernels;

namespace Backprop.Ops;

/// <summary>Batches gathered from rows of a larger tensor.</summary>
internal static class GatherOps
{
    /// <summary>Rows <paramref name="order"/> of <paramref name="source"/>, in that order, into <paramref name="reuse"/> when it has
    /// as many rows (a batch buffer kept across steps), else into a new tensor.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static Tensor Rows(Tensor source, ReadOnlySpan<int> order, Tensor? reuse)
    {
        int rowSize = source.Dim(0) == 0 ? 0 : source.Size / source.Dim(0);
        Tensor batch;
        if (reuse is not null && reuse.Dim(0) == order.Length) batch = reuse;
        else
        {
            int[] shape = source.Shape;
            shape[0] = order.Length;
            batch = new Tensor(shape);
        }
        Span<float> dst = batch.Span;
        ReadOnlySpan<float> src = source.Span;
        for (int i = 0; i < order.Length; i++) src.Slice(order[i] * rowSize, rowSize).CopyTo(dst.Slice(i * rowSize, rowSize));
        return batch;
    }

    [ThreadStatic] private static Kernels.ScaledGather? t_scaledGather;

    /// <summary>Byte samples order[start..start+rows) (<paramref name="sampleSize"/> bytes each) of <paramref name="pixels"/>,
    /// times <paramref name="scale"/>, into <paramref name="batch"/>'s first rows.</summary>
    public static void ScaledBytes(byte[] pixels, int sampleSize, float scale, int start, int rows, int[] order, Tensor batch) =>
        (t_scaledGather ??= KernelBackend.Current.CreateScaledGather()).Run(pixels, sampleSize, scale, start, rows, order, batch.Data, batch.Offset);
}
