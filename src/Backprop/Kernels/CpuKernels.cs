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
        float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc,
        float[]? bias = null, int biasOffset = 0, bool relu = false) =>
        Kernels.Gemm.Multiply(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, bias, biasOffset, relu);

    public void GemmLongReduction(int m, int n, int k, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) =>
        SplitReductionGemm.Multiply(m, n, k, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);

    public void Dropout(ulong seed, float rate, float[] x, int xOffset, float[] mask, int maskOffset, float[] y, int yOffset, int length) =>
        DropoutJob.Forward(seed, rate, x, xOffset, mask, maskOffset, y, yOffset, length);

    public void DropoutBackward(float[] g, int gOffset, float[] mask, int maskOffset, float[] d, int dOffset, int length, bool accumulate) =>
        DropoutJob.Backward(g, gOffset, mask, maskOffset, d, dOffset, length, accumulate);

    public void DropoutMask(ulong seed, float rate, Span<float> mask) => DropoutJob.Mask(seed, rate, mask);

    public void Binary<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) where TOp : IBinaryOperator => Elementwise.Binary<TOp>(x, y, d);

    public void Binary<TOp>(ReadOnlySpan<float> x, float y, Span<float> d) where TOp : IBinaryOperator => Elementwise.Binary<TOp>(x, y, d);

    public void Binary<TOp>(float x, ReadOnlySpan<float> y, Span<float> d) where TOp : IBinaryOperator => Elementwise.Binary<TOp>(x, y, d);

    public void Broadcast<TOp>(float[] x, int xOffset, int[] xStrides, float[] y, int yOffset, int[] yStrides, Span<float> dst, int[] outShape)
        where TOp : IBinaryOperator => Elementwise.Broadcast<TOp>(x, xOffset, xStrides, y, yOffset, yStrides, dst, outShape);

    public void SumToShape(ReadOnlySpan<float> source, int[] sourceShape, Span<float> target, int[] targetShape) =>
        Elementwise.SumToShape(source, sourceShape, target, targetShape);

    public void Exp(ReadOnlySpan<float> x, Span<float> y) => Transcendentals.Exp(x, y);

    public void Tanh(ReadOnlySpan<float> x, Span<float> y) => Transcendentals.Tanh(x, y);

    public unsafe void Conv2DImplicit(float[] x, int xOffset, in ConvolutionGeometry g, float[] kernel, int kernelOffset, int filters,
        float[] y, int yOffset, float[]? bias, int biasOffset, bool relu)
    {
        int k = g.KernelHeight * g.KernelWidth * g.Channels;
        CheckImage(x, xOffset, g);
        fixed (float* px = x)
        {
            Im2ColOperand a = Im2ColOperand.For(px + xOffset, g, transposed: false);
            try { Kernels.Gemm.MultiplyPacked(a, 0, 0, false, g.Positions, filters, k, 1f, kernel, kernelOffset, filters, 0f, y, yOffset, filters, bias, biasOffset, relu); }
            finally { a.Release(); }
        }
    }

    /// <summary>The implicit im2col reads the whole image from its pointer: the array must hold it.</summary>
    private static void CheckImage(float[] x, int xOffset, in ConvolutionGeometry g)
    {
        long size = (long)g.Batch * g.Height * g.Width * g.Channels;
        if (x.Length - xOffset < size)
            throw new ArgumentException($"The image needs {size} values from offset {xOffset}, got an array of {x.Length}.", nameof(x));
    }

    public unsafe void Conv2DKernelGradientImplicit(float[] x, int xOffset, in ConvolutionGeometry g, float[] dz, int dzOffset, int filters,
        float beta, float[] dw, int dwOffset)
    {
        int k = g.KernelHeight * g.KernelWidth * g.Channels, m = g.Positions;
        CheckImage(x, xOffset, g);
        fixed (float* px = x)
        {
            Im2ColOperand a = Im2ColOperand.For(px + xOffset, g, transposed: true);
            try
            {
                if (SplitReductionGemm.Pays(k, filters, m)) SplitReductionGemm.MultiplyPacked(a, k, filters, m, dz, dzOffset, filters, beta, dw, dwOffset, filters);
                else Kernels.Gemm.MultiplyPacked(a, 0, 0, false, k, filters, m, 1f, dz, dzOffset, filters, beta, dw, dwOffset, filters);
            }
            finally { a.Release(); }
        }
    }

    public void BiasRelu(float[] y, int yOffset, int length, int columns, float[]? bias, int biasOffset, bool relu) =>
        ActivationJob.BiasRelu(y, yOffset, length, columns, bias, biasOffset, relu);

    public void ReluBackward(float[] y, int yOffset, float[] g, int gOffset, float[] d, int dOffset, int length) =>
        ActivationJob.ReluBackward(y, yOffset, g, gOffset, d, dOffset, length);

    public int RmspropPlainStep(Span<float> w, ReadOnlySpan<float> g, Span<float> v, float rho, float epsilon, float learningRate) =>
        OptimizerKernels.RmspropPlainStep(w, g, v, rho, epsilon, learningRate);

    private static int ImageSize(in ConvolutionGeometry g) => g.Height * g.Width * g.Channels;

    private static int OutputSize(in ConvolutionGeometry g, int channels) => g.OutHeight * g.OutWidth * channels;

    public void Im2Col(float[] x, int xOffset, in ConvolutionGeometry g, int channelStart, int groupChannels, float[] cols, int colsOffset) =>
        ImageJob.Run(ImageJob.Kind.Im2Col, g, channelStart, groupChannels, x, xOffset, ImageSize(g), cols, colsOffset, OutputSize(g, g.KernelHeight * g.KernelWidth * groupChannels));

    public void Col2ImAdd(float[] cols, int colsOffset, in ConvolutionGeometry g, int channelStart, int groupChannels, float[] dx, int dxOffset) =>
        ImageJob.Run(ImageJob.Kind.Col2ImAdd, g, channelStart, groupChannels, cols, colsOffset, OutputSize(g, g.KernelHeight * g.KernelWidth * groupChannels), dx, dxOffset, ImageSize(g));

    public void MaxPool(float[] x, int xOffset, in ConvolutionGeometry g, float[] y, int yOffset) =>
        ImageJob.Run(ImageJob.Kind.MaxPool, g, 0, g.Channels, x, xOffset, ImageSize(g), y, yOffset, OutputSize(g, g.Channels));

    public void MaxPoolBackward(float[] x, int xOffset, float[] y, int yOffset, float[] gy, int gyOffset, in ConvolutionGeometry g, float[] dx, int dxOffset, bool overwrite, bool reluMasked = false) =>
        ImageJob.Run(!overwrite ? ImageJob.Kind.MaxPoolBackward : reluMasked ? ImageJob.Kind.MaxPoolBackwardOverwriteReluMasked : ImageJob.Kind.MaxPoolBackwardOverwrite, g, 0, g.Channels, x, xOffset, ImageSize(g), y, yOffset, OutputSize(g, g.Channels),
            gy, gyOffset, OutputSize(g, g.Channels), dx, dxOffset, ImageSize(g));

    public void AveragePool(float[] x, int xOffset, in ConvolutionGeometry g, float[] y, int yOffset) =>
        ImageJob.Run(ImageJob.Kind.AveragePool, g, 0, g.Channels, x, xOffset, ImageSize(g), y, yOffset, OutputSize(g, g.Channels));

    public void AveragePoolBackward(float[] gy, int gyOffset, in ConvolutionGeometry g, float[] dx, int dxOffset) =>
        ImageJob.Run(ImageJob.Kind.AveragePoolBackward, g, 0, g.Channels, gy, gyOffset, OutputSize(g, g.Channels), dx, dxOffset, ImageSize(g));

    public void SumRows(ReadOnlySpan<float> values, int rows, int columns, Span<float> sums, bool accumulate) =>
        RowSums.Sum(values, rows, columns, sums, accumulate);

    public ChunkedUpdate CreateUpdate(IChunkUpdate update) => new(update);

    public ScaledGather CreateScaledGather() => new();
}
