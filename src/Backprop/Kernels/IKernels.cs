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

    /// <summary>C[m×n] = α·op(A)·op(B) + β·C (<see cref="Gemm.Multiply"/>), then, with a <paramref name="bias"/> (from
    /// <paramref name="biasOffset"/>, one per column) or <paramref name="relu"/>, C ← relu(C + bias) as each tile is
    /// finished. Bit-identical for any thread count.</summary>
    void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc,
        float[]? bias = null, int biasOffset = 0, bool relu = false);

    /// <summary>C[m×n] = Aᵀ·B + β·C where the reduction (k rows of A and B) is long and C small: the reduction is cut into
    /// fixed chunks summed in order (<see cref="SplitReductionGemm"/>), so it runs on every thread and stays bit-identical
    /// for any thread count. Call it when <see cref="SplitReductionGemm.Pays"/>.</summary>
    void GemmLongReduction(int m, int n, int k, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc);

    /// <summary>Inverted dropout: <paramref name="mask"/> ← 1/(1 − <paramref name="rate"/>) or 0 per element, made from
    /// <paramref name="seed"/> alone (<see cref="DropoutJob"/>: the same for any thread count), and y ← x ⊙ mask.</summary>
    void Dropout(ulong seed, float rate, float[] x, int xOffset, float[] mask, int maskOffset, float[] y, int yOffset, int length);

    /// <summary>Dropout's backward: d ← g ⊙ mask, or with <paramref name="accumulate"/> d ← d + g ⊙ mask.</summary>
    void DropoutBackward(float[] g, int gOffset, float[] mask, int maskOffset, float[] d, int dOffset, int length, bool accumulate);

    /// <summary>The mask <see cref="Dropout"/> makes from <paramref name="seed"/>, alone.</summary>
    void DropoutMask(ulong seed, float rate, Span<float> mask);

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

    /// <summary>y ← act(y + b) row by row over <paramref name="length"/> elements, act the identity or relu (a
    /// convolution's epilogue in one pass); <paramref name="bias"/> null for none.</summary>
    void BiasRelu(float[] y, int yOffset, int length, int columns, float[]? bias, int biasOffset, bool relu);

    /// <summary>d ← g where y &gt; 0, else 0, over <paramref name="length"/> elements: relu's derivative from its output.</summary>
    void ReluBackward(float[] y, int yOffset, float[] g, int gOffset, float[] d, int dOffset, int length);

    /// <summary>RMSprop's plain update over as many elements as whole vectors cover; returns the first element left for the
    /// caller's scalar loop (identical operations, so identical results).</summary>
    int RmspropPlainStep(Span<float> w, ReadOnlySpan<float> g, Span<float> v, float rho, float epsilon, float learningRate);

    // The image kernels take arrays and offsets (images, then the output or gradient) so that the batch can be split
    // over the worker threads, whole images to each.

    /// <summary>Im2col of one group of channels: each output position's window as one row (<see cref="Kernels.Im2Col"/>).</summary>
    void Im2Col(float[] x, int xOffset, in ConvolutionGeometry geometry, int channelStart, int groupChannels, float[] cols, int colsOffset);

    /// <summary>y[positions, filters] = act(im2col(x)·W + b) for one group of all channels, with the im2col rows read straight
    /// from the image (<see cref="Im2ColOperand"/>; only where it <see cref="Im2ColOperand.Applies"/>, for at least 2
    /// positions): the same values as <see cref="Im2Col"/> then <see cref="Gemm"/>.</summary>
    void Conv2DImplicit(float[] x, int xOffset, in ConvolutionGeometry geometry, float[] kernel, int kernelOffset, int filters,
        float[] y, int yOffset, float[]? bias, int biasOffset, bool relu);

    /// <summary>dW = im2col(x)ᵀ·dz + β·dW with the im2col matrix read straight from the image (as <see cref="Conv2DImplicit"/>;
    /// for windows of at least 2 values): the same values as the explicit matrix through <see cref="GemmLongReduction"/>
    /// or <see cref="Gemm"/>, chosen by <see cref="SplitReductionGemm.Pays"/> as there.</summary>
    void Conv2DKernelGradientImplicit(float[] x, int xOffset, in ConvolutionGeometry geometry, float[] dz, int dzOffset, int filters,
        float beta, float[] dw, int dwOffset);

    /// <summary>The transpose of <see cref="Im2Col"/>, added into <paramref name="dx"/>.</summary>
    void Col2ImAdd(float[] cols, int colsOffset, in ConvolutionGeometry geometry, int channelStart, int groupChannels, float[] dx, int dxOffset);

    /// <summary>Max pooling of channels-last images; padding is never a window's maximum.</summary>
    void MaxPool(float[] x, int xOffset, in ConvolutionGeometry geometry, float[] y, int yOffset);

    /// <summary>dx += the output gradient at each window's first maximum; with <paramref name="overwrite"/> (windows that
    /// share no pixel only) dx is written whole instead, 0 wherever no maximum sends a gradient. With
    /// <paramref name="reluMasked"/> (only with overwrite) a maximum that is not positive sends 0: relu's derivative at x
    /// applied too.</summary>
    void MaxPoolBackward(float[] x, int xOffset, float[] y, int yOffset, float[] gy, int gyOffset, in ConvolutionGeometry geometry, float[] dx, int dxOffset, bool overwrite, bool reluMasked = false);

    /// <summary>Average pooling over the pixels of the image each window covers.</summary>
    void AveragePool(float[] x, int xOffset, in ConvolutionGeometry geometry, float[] y, int yOffset);

    /// <summary>dx += each output gradient shared equally by the pixels of its window.</summary>
    void AveragePoolBackward(float[] gy, int gyOffset, in ConvolutionGeometry geometry, float[] dx, int dxOffset);

    /// <summary>sums[j] (+)= Σ_i values[i·columns + j] over <paramref name="rows"/> rows (a bias gradient): row by row in order
    /// up to <see cref="RowSums.ChunkRows"/> rows, beyond in chunks of that many rows whose sums are added in order, the same
    /// for any thread count.</summary>
    void SumRows(ReadOnlySpan<float> values, int rows, int columns, Span<float> sums, bool accumulate);

    /// <summary>A reusable parallel element-wise update (an optimizer step) that calls <paramref name="update"/> per chunk.</summary>
    ChunkedUpdate CreateUpdate(IChunkUpdate update);

    /// <summary>A reusable gather of byte samples into a scaled float batch.</summary>
    ScaledGather CreateScaledGather();
}
