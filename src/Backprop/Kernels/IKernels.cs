namespace Backprop.Kernels;

/// <summary>
/// The primitive operations the ops are written against: the one seam between the differentiable operations in
/// <c>Ops/</c> and the code that computes (docs/architecture.md, "The kernel interface"). <see cref="CpuKernels"/> is
/// the only implementation; a GPU or WebAssembly backend would be a second one. Every operation works on host memory
/// (arrays and spans) today, which is what a CPU backend needs; a device backend needs tensor storage to become a
/// handle as well, and these signatures to take it. The operations that are not here yet, and that such a backend
/// must take over with them, are listed in that document.
/// </summary>
internal interface IKernels
{
    /// <summary>A name for messages and benchmarks ("cpu-avx512").</summary>
    string Name { get; }

    /// <summary>Threads the kernels use, the calling thread included (at least 1).</summary>
    int Threads { get; set; }

    /// <summary>C[m×n] = α·op(A)·op(B) + β·C (<see cref="Gemm.Multiply"/>). Bit-identical for any thread count.</summary>
    void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc);

    /// <summary>d = x op y, element by element, with either operand a broadcast scalar (stride 0).</summary>
    void Binary<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) where TOp : IBinaryOperator;

    /// <inheritdoc cref="Binary{TOp}(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>
    void Binary<TOp>(ReadOnlySpan<float> x, float y, Span<float> d) where TOp : IBinaryOperator;

    /// <inheritdoc cref="Binary{TOp}(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>
    void Binary<TOp>(float x, ReadOnlySpan<float> y, Span<float> d) where TOp : IBinaryOperator;

    /// <summary>dst = x op y with NumPy broadcasting over any rank (strides of 0 on broadcast axes).</summary>
    void Broadcast<TOp>(float[] x, int xOffset, int[] xStrides, float[] y, int yOffset, int[] yStrides, Span<float> dst, int[] outShape)
        where TOp : IBinaryOperator;

    /// <summary>The backward of broadcasting: <paramref name="source"/> summed down to <paramref name="targetShape"/>.</summary>
    void SumToShape(ReadOnlySpan<float> source, int[] sourceShape, Span<float> target, int[] targetShape);

    /// <summary>y = eˣ, exactly 1 for |x| &lt; 2⁻²⁵, within 3 ulps of float64 elsewhere.</summary>
    void Exp(ReadOnlySpan<float> x, Span<float> y);

    /// <summary>y = tanh x, exact near 0 (odd, tanh(−0) = −0), within 3 ulps of float64 elsewhere.</summary>
    void Tanh(ReadOnlySpan<float> x, Span<float> y);

    /// <summary>d ← g where y &gt; 0, else 0: relu's derivative from its output.</summary>
    void ReluBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> d);

    /// <summary>RMSprop's plain update over as many elements as whole vectors cover; returns the first element left for the
    /// caller's scalar loop (identical operations, so identical results).</summary>
    int RmspropPlainStep(Span<float> w, ReadOnlySpan<float> g, Span<float> v, float rho, float epsilon, float learningRate);

    /// <summary>Im2col of one group of channels: each output position's window as one row (<see cref="Kernels.Im2Col"/>).</summary>
    void Im2Col(ReadOnlySpan<float> x, in ConvolutionGeometry geometry, int channelStart, int groupChannels, Span<float> cols);

    /// <summary>The transpose of <see cref="Im2Col"/>, added into <paramref name="dx"/>.</summary>
    void Col2ImAdd(ReadOnlySpan<float> cols, in ConvolutionGeometry geometry, int channelStart, int groupChannels, Span<float> dx);

    /// <summary>Max pooling of channels-last images; padding is never a window's maximum.</summary>
    void MaxPool(ReadOnlySpan<float> x, in ConvolutionGeometry geometry, Span<float> y);

    /// <summary>dx += the output gradient at each window's first maximum.</summary>
    void MaxPoolBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> gy, in ConvolutionGeometry geometry, Span<float> dx);

    /// <summary>Average pooling over the pixels of the image each window covers.</summary>
    void AveragePool(ReadOnlySpan<float> x, in ConvolutionGeometry geometry, Span<float> y);

    /// <summary>dx += each output gradient shared equally by the pixels of its window.</summary>
    void AveragePoolBackward(ReadOnlySpan<float> gy, in ConvolutionGeometry geometry, Span<float> dx);

    /// <summary>A reusable parallel element-wise update (an optimizer step) that calls <paramref name="update"/> per chunk.</summary>
    ChunkedUpdate CreateUpdate(IChunkUpdate update);

    /// <summary>A reusable gather of byte samples into a scaled float batch.</summary>
    ScaledGather CreateScaledGather();
}
