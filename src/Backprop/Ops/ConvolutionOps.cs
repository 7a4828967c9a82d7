using Backprop.Autograd;
using Backprop.Kernels;

namespace Backprop.Ops;

/// <summary>
/// The fused 2-D convolution y = act(conv(x, W) + b) over channels-last images, lowered to the GEMM: im2col writes each
/// output position's window as a row, and rows × the kernel read as a [kh·kw·in/groups, filters] matrix is the output
/// [positions, filters], which is already the NHWC layout. The bias and a relu are the GEMM's epilogue, applied to each tile
/// of the output as it is finished (relu(Σ + b), not Σ seeded with b). One backward node: dz = dy ⊙ act′, dW = colsᵀ·dz, dx = col2im(dz·Wᵀ),
/// db = Σ dz. Groups are one product each, on a column block of the kernel and of the output.
/// </summary>
internal static class ConvolutionOps
{
    /// <summary>Whether a convolution whose windows all lie inside the image (one group, no dilation) reads its im2col rows
    /// straight from the image in both products (<see cref="Im2ColOperand"/>) instead of writing the matrix out; off,
    /// every convolution writes it. Tests compare the two.</summary>
    internal static bool ImplicitIm2Col { get; set; } = true;

    /// <summary>Whether <paramref name="g"/>'s products take the implicit im2col: every window inside the image, one group,
    /// and products the packed GEMM runs alike both ways (at least 2 positions and 2 values a window; a single row would
    /// go to the row product).</summary>
    private static bool Implicit(in ConvolutionGeometry g, int groups) =>
        ImplicitIm2Col && groups == 1 && Im2ColOperand.Applies(g) && g.Positions >= 2 && g.KernelHeight * g.KernelWidth * g.Channels >= 2;

    public static Tensor Conv2D(Tensor x, Tensor kernel, Tensor? bias, ConvolutionGeometry g, int groups, FusedActivation activation)
    {
        int filters = kernel.Dim(3), groupChannels = g.Channels / groups, groupFilters = filters / groups;
        int k = g.KernelHeight * g.KernelWidth * groupChannels, m = g.Positions;
        Tensor y = Tensor.Uninitialized([g.Batch, g.OutHeight, g.OutWidth, filters]);
        Span<float> ys = y.Span;
        bool relu = activation == FusedActivation.Relu;
        Tensor? cols = null;
        if (Implicit(g, groups))
            KernelBackend.Current.Conv2DImplicit(x.Data, x.Offset, g, kernel.Data, kernel.Offset, filters, y.Data, y.Offset, bias?.Data, bias?.Offset ?? 0, relu);
        else
        {
            cols = Tensor.Uninitialized([m, k]);
            for (int group = 0; group < groups; group++)
            {
                KernelBackend.Current.Im2Col(x.Data, x.Offset, g, group * groupChannels, groupChannels, cols.Data, cols.Offset);
                KernelBackend.Current.Gemm(false, false, m, groupFilters, k, 1f, cols.Data, cols.Offset, k,
                    kernel.Data, kernel.Offset + group * groupFilters, filters, 0f, y.Data, y.Offset + group * groupFilters, filters,
                    bias?.Data, (bias?.Offset ?? 0) + group * groupFilters, relu);
            }
        }
        if (activation == FusedActivation.Tanh) KernelBackend.Current.Tanh(ys, ys);
        bool record = Autograd.Autograd.IsEnabled && (x.RequiresGrad || kernel.RequiresGrad || bias?.RequiresGrad == true);
        if (!record) return y;
        return GraphWalk.Record(y, BackwardNode.Reuse<ConvolutionNode>(y).Set(x, kernel, bias, y, cols, g, groups, activation));
    }

    /// <summary>Backward of one convolution: a class with fields rather than a closure, so a training step reuses it.</summary>
    private sealed class ConvolutionNode : BackwardNode
    {
        private Tensor _x = null!, _kernel = null!, _y = null!;
        private Tensor? _bias, _cols;   // no cols: the implicit im2col
        private ConvolutionGeometry _g;
        private int _groups;
        private FusedActivation _activation;

        public ConvolutionNode Set(Tensor x, Tensor kernel, Tensor? bias, Tensor y, Tensor? cols, ConvolutionGeometry g, int groups, FusedActivation activation)
        {
            (_x, _kernel, _bias, _y, _cols, _g, _groups, _activation) = (x, kernel, bias, y, cols, g, groups, activation);
            SetInputs(x, kernel, bias);
            return this;
        }

        public override bool MasksOutputGradientByRelu => _activation == FusedActivation.Relu;

        public override void Backward(Tensor gradient)
        {
            Tensor x = _x, kernel = _kernel;
            Tensor? cols = _cols;
            ConvolutionGeometry g = _g;
            int filters = kernel.Dim(3), groupChannels = g.Channels / _groups, groupFilters = filters / _groups;
            int k = g.KernelHeight * g.KernelWidth * groupChannels, m = g.Positions;
            Tensor dz = DenseOp.ActivationGradient(gradient, _y, _activation);
            Tensor? dw = null;
            bool wFresh = false;
            // Straight into the gradient buffers, as Dense's: overwritten (β = 0) when logically zero, else accumulated.
            if (kernel.RequiresGrad) dw = GraphWalk.GradientBufferForOverwrite(kernel, out wFresh);
            Tensor? dx = null;
            bool xFresh = false;
            if (x.RequiresGrad)
            {
                dx = GraphWalk.GradientBufferForOverwrite(x, out xFresh);
                if (xFresh) dx.Clear();
            }
            Tensor? dcols = dx is null ? null : Tensor.Uninitialized([m, k]);
            for (int group = 0; group < _groups; group++)
            {
                if (dw is not null && cols is null)
                    KernelBackend.Current.Conv2DKernelGradientImplicit(x.Data, x.Offset, g, dz.Data, dz.Offset, filters, wFresh ? 0f : 1f, dw.Data, dw.Offset);
                else if (dw is not null)
                {
                    // With one group the forward's im2col rows are still in cols; with more, each group's are written again.
                    if (_groups > 1) KernelBackend.Current.Im2Col(x.Data, x.Offset, g, group * groupChannels, groupChannels, cols!.Data, cols.Offset);
                    if (SplitReductionGemm.Pays(k, groupFilters, m))
                        KernelBackend.Current.GemmLongReduction(k, groupFilters, m, cols!.Data, cols.Offset, k, dz.Data, dz.Offset + group * groupFilters, filters,
                            wFresh ? 0f : 1f, dw.Data, dw.Offset + group * groupFilters, filters);
                    else
                        KernelBackend.Current.Gemm(true, false, k, groupFilters, m, 1f, cols!.Data, cols.Offset, k, dz.Data, dz.Offset + group * groupFilters, filters,
                            wFresh ? 0f : 1f, dw.Data, dw.Offset + group * groupFilters, filters);
                }
                if (dcols is not null)
                {
                    KernelBackend.Current.Gemm(false, true, m, k, groupFilters, 1f, dz.Data, dz.Offset + group * groupFilters, filters,
                        kernel.Data, kernel.Offset + group * groupFilters, filters, 0f, dcols.Data, dcols.Offset, k);
                    KernelBackend.Current.Col2ImAdd(dcols.Data, dcols.Offset, g, group * groupChannels, groupChannels, dx!.Data, dx.Offset);
                }
            }
            if (_bias is { RequiresGrad: true } bias) DenseOp.AccumulateBiasGradient(dz, bias, m, filters);
        }
    }

    /// <summary>
    /// The transposed convolution (Keras's Conv2DTranspose): the input gradient of a convolution whose input is the output
    /// here. <paramref name="g"/> describes that convolution: its input is the output image [OutH, OutW, filters] and its
    /// output positions are this op's input pixels. Kernel [kh, kw, filters, in] read as [kh·kw·filters, in]:
    /// y = col2im(x·Wᵀ) + b; dx = im2col(dz)·W, dW = im2col(dz)ᵀ·x, db = Σ dz.
    /// </summary>
    public static Tensor Conv2DTranspose(Tensor x, Tensor kernel, Tensor? bias, ConvolutionGeometry g, FusedActivation activation)
    {
        int inputs = kernel.Dim(3), filters = g.Channels, k = g.KernelHeight * g.KernelWidth * filters, m = g.Positions;
        Tensor cols = Tensor.Uninitialized([m, k]);
        KernelBackend.Current.Gemm(false, true, m, k, inputs, 1f, x.Data, x.Offset, inputs, kernel.Data, kernel.Offset, inputs, 0f, cols.Data, cols.Offset, k);
        var y = new Tensor([g.Batch, g.Height, g.Width, filters]);
        KernelBackend.Current.Col2ImAdd(cols.Data, cols.Offset, g, 0, filters, y.Data, y.Offset);
        if (bias is not null || activation == FusedActivation.Relu)
            KernelBackend.Current.BiasRelu(y.Data, y.Offset, y.Size, filters, bias?.Data, bias?.Offset ?? 0, activation == FusedActivation.Relu);
        if (activation == FusedActivation.Tanh) KernelBackend.Current.Tanh(y.Span, y.Span);
        bool record = Autograd.Autograd.IsEnabled && (x.RequiresGrad || kernel.RequiresGrad || bias?.RequiresGrad == true);
        if (!record) return y;
        return GraphWalk.Record(y, BackwardNode.Reuse<TransposeNode>(y).Set(x, kernel, bias, y, g, activation));
    }

    private sealed class TransposeNode : BackwardNode
    {
        private Tensor _x = null!, _kernel = null!, _y = null!;
        private Tensor? _bias;
        private ConvolutionGeometry _g;
        private FusedActivation _activation;

        public TransposeNode Set(Tensor x, Tensor kernel, Tensor? bias, Tensor y, ConvolutionGeometry g, FusedActivation activation)
        {
            (_x, _kernel, _bias, _y, _g, _activation) = (x, kernel, bias, y, g, activation);
            SetInputs(x, kernel, bias);
            return this;
        }

        public override void Backward(Tensor gradient)
        {
            Tensor x = _x, kernel = _kernel;
            ConvolutionGeometry g = _g;
            int inputs = kernel.Dim(3), filters = g.Channels, k = g.KernelHeight * g.KernelWidth * filters, m = g.Positions;
            Tensor dz = DenseOp.ActivationGradient(gradient, _y, _activation);
            Tensor dcols = Tensor.Uninitialized([m, k]);
            KernelBackend.Current.Im2Col(dz.Data, dz.Offset, g, 0, filters, dcols.Data, dcols.Offset);
            if (x.RequiresGrad)
            {
                Tensor dx = GraphWalk.GradientBufferForOverwrite(x, out bool fresh);
                KernelBackend.Current.Gemm(false, false, m, inputs, k, 1f, dcols.Data, dcols.Offset, k, kernel.Data, kernel.Offset, inputs, fresh ? 0f : 1f, dx.Data, dx.Offset, inputs);
            }
            if (kernel.RequiresGrad)
            {
                Tensor dw = GraphWalk.GradientBufferForOverwrite(kernel, out bool fresh);
                if (SplitReductionGemm.Pays(k, inputs, m))
                    KernelBackend.Current.GemmLongReduction(k, inputs, m, dcols.Data, dcols.Offset, k, x.Data, x.Offset, inputs, fresh ? 0f : 1f, dw.Data, dw.Offset, inputs);
                else
                    KernelBackend.Current.Gemm(true, false, k, inputs, m, 1f, dcols.Data, dcols.Offset, k, x.Data, x.Offset, inputs, fresh ? 0f : 1f, dw.Data, dw.Offset, inputs);
            }
            if (_bias is { RequiresGrad: true } bias) DenseOp.AccumulateBiasGradient(dz, bias, g.Batch * g.Height * g.Width, filters);
        }
    }
}
