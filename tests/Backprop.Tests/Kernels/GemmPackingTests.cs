using Backprop.Kernels;

namespace Backprop.Tests.Kernels;

/// <summary>The packing copies against element-by-element loops: every row width the GEMM's panels use and past them.</summary>
public unsafe class GemmPackingTests
{
    [Fact]
    public void CopyRowsCopiesExactlyTheRowsAndNothingBeside()
    {
        var random = new Random(3);
        for (int width = 0; width <= 20; width++)
            foreach (int count in new[] { 0, 1, 7 })
            {
                const int srcStride = 23, dstStride = 24;
                float[] src = [.. Enumerable.Range(0, count * srcStride + 24).Select(_ => (float)random.NextDouble())];
                float[] dst = [.. Enumerable.Repeat(-1f, count * dstStride + 24)], expected = [.. dst];
                for (int j = 0; j < count; j++)
                    for (int i = 0; i < width; i++) expected[j * dstStride + i] = src[j * srcStride + i];
                fixed (float* s = src, d = dst) GemmPacking.CopyRows(s, srcStride, width, count, d, dstStride);
                Assert.True(expected.SequenceEqual(dst), $"width {width}, {count} rows");
            }
    }

    [Fact]
    public void TransposeWritesEveryBlockShapeAsTheElementLoopDoes()
    {
        var random = new Random(5);
        foreach (int rows in new[] { 0, 1, 3, 4, 7, 8, 12, 17 })
            foreach (int cols in new[] { 0, 1, 5, 8, 9, 23 })
            {
                const int srcStride = 29, dstStride = 19;
                float[] src = [.. Enumerable.Range(0, rows * srcStride + 32).Select(_ => (float)random.NextDouble())];
                float[] dst = [.. Enumerable.Repeat(-1f, cols * dstStride + 32)], expected = [.. dst];
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < cols; j++) expected[j * dstStride + i] = src[i * srcStride + j];
                fixed (float* s = src, d = dst) GemmPacking.Transpose(s, srcStride, rows, cols, d, dstStride);
                Assert.True(expected.SequenceEqual(dst), $"{rows} rows, {cols} columns");
            }
    }
}
