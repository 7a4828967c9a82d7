namespace Backprop.Kernels;

/// <summary>The CPU implementation of <see cref="IKernels"/>: our packed GEMM with AVX-512, AVX2+FMA and 128-bit
/// micro-kernels chosen at start-up, the operator-struct element-wise driver, and the worker pool.</summary>
internal sealed class CpuKernels : IKernels
{
    public string Name => "cpu-" + Kernels.Gemm.Isa switch { GemmIsa.Avx512 => "avx512", GemmIsa.Avx2Fma => "avx2", _ => "vector128" };

    public int Threads
    {
        get => WorkerPool.ThreadCount;
        set => WorkerPool.ThreadCount = value;
    }

    public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) =>
        Kernels.Gemm.Multiply(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);

    public void Binary<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) where TOp : IBinaryOperator => Elementwise.Binary<TOp>(x, y, d);

    public void Binary<TOp>(ReadOnlySpan<float> x, float y, Span<float> d) where TOp : IBinaryOperator => Elementwise.Binary<TOp>(x, y, d);

    public void Binary<TOp>(float x, ReadOnlySpan<float> y, Span<float> d) where TOp : IBinaryOperator => Elementwise.Binary<TOp>(x, y, d);

    public void Broadcast<TOp>(float[] x, int xOffset, int[] xStrides, float[] y, int yOffset, int[] yStrides, Span<float> dst, int[] outShape)
        where TOp : IBinaryOperator => Elementwise.Broadcast<TOp>(x, xOffset, xStrides, y, yOffset, yStrides, dst, outShape);

    public void SumToShape(ReadOnlySpan<float> source, int[] sourceShape, Span<float> target, int[] targetShape) =>
        Elementwise.SumToShape(source, sourceShape, target, targetShape);

    public void Exp(ReadOnlySpan<float> x, Span<float> y) => Transcendentals.Exp(x, y);

    public void Tanh(ReadOnlySpan<float> x, Span<float> y) => Transcendentals.Tanh(x, y);

    public ChunkedUpdate CreateUpdate(IChunkUpdate update) => new(update);

    public ScaledGather CreateScaledGather() => new();
}
