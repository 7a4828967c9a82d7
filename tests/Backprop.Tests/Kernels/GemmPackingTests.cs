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
}
