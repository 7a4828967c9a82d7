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

    public void ReluBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> d) => ActivationKernels.ReluBackward(y, g, d);

    public int RmspropPlainStep(Span<float> w, ReadOnlySpan<float> g, Span<float> v, float rho, float epsilon, float learningRate) =>
        OptimizerKernels.RmspropPlainStep(w, g, v, rho, epsilon, learningRate);

    public void Im2Col(ReadOnlySpan<float> x, in ConvolutionGeometry geometry, int channelStart, int groupChannels, Span<float> cols) =>
        Kernels.Im2Col.Gather(x, geometry, channelStart, groupChannels, cols);

    public void Col2ImAdd(ReadOnlySpan<float> cols, in ConvolutionGeometry geometry, int channelStart, int groupChannels, Span<float> dx) =>
        Kernels.Im2Col.ScatterAdd(cols, geometry, channelStart, groupChannels, dx);

    public void MaxPool(ReadOnlySpan<float> x, in ConvolutionGeometry geometry, Span<float> y) => Pooling.MaxForward(x, geometry, y);

    public void MaxPoolBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> gy, in ConvolutionGeometry geometry, Span<float> dx) =>
        Pooling.MaxBackward(x, y, gy, geometry, dx);

    public void AveragePool(ReadOnlySpan<float> x, in ConvolutionGeometry geometry, Span<float> y) => Pooling.AverageForward(x, geometry, y);

    public void AveragePoolBackward(ReadOnlySpan<float> gy, in ConvolutionGeometry geometry, Span<float> dx) => Pooling.AverageBackward(gy, geometry, dx);

    public ChunkedUpdate CreateUpdate(IChunkUpdate update) => new(update);

    public ScaledGather CreateScaledGather() => new();
}
