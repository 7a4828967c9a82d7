using Backprop.Autograd;
using Backprop.Kernels;

namespace Backprop.Ops;

/// <summary>
/// The fused dense operation y = act(x·W + b): the bias seeds C so GEMM adds the product onto it
/// (β = 1), a relu is the GEMM's epilogue on each finished tile (another activation runs over the fresh output), and one backward node computes dz = dy ⊙ act′
/// from the saved output, then dx = dz·Wᵀ, dW = xᵀ·dz, db = Σ dz — no intermediate nodes.
/// </summary>
internal static class DenseOp
{
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static Tensor Forward(Tensor x, Tensor kernel, Tensor? bias, FusedActivation activation)
    {
        if (x.Rank != 2 || kernel.Rank != 2 || x.Dim(1) != kernel.Dim(0))
            throw new ArgumentException($"Dense expects input [batch, {kernel.Dim(0)}] for a kernel of shape {ShapeMath.Format(kernel.ShapeRef)}, got input {ShapeMath.Format(x.ShapeRef)}.");
        int n = x.Dim(0), k = kernel.Dim(0), units = kernel.Dim(1);
        Tensor y = Tensor.Uninitialized([n, units]);   // seeded with the bias, or overwritten by β = 0
        Span<float> ys = y.Span;
        if (bias is not null)
            for (int i = 0; i < n; i++) bias.Span.CopyTo(ys.Slice(i * units, units));
        KernelBackend.Current.Gemm(false, false, n, units, k, 1f, x.Data, x.Offset, k, kernel.Data, kernel.Offset, units, bias is null ? 0f : 1f, y.Data, 0, units,
            relu: activation == FusedActivation.Relu);
        if (activation == FusedActivation.Tanh) KernelBackend.Current.Tanh(ys, ys);
        bool record = Autograd.Autograd.IsEnabled && (x.RequiresGrad || kernel.RequiresGrad || bias?.RequiresGrad == true);
        if (!record) return y;
        return GraphWalk.Record(y, BackwardNode.Reuse<DenseNode>(y).Set(x, kernel, bias, y, activation));
    }

    /// <summary>Backward of one dense call: a class with fields rather than a closure, so a training step reuses it.</summary>
    private sealed class DenseNode : BackwardNode
    {
        private Tensor _x = null!, _kernel = null!, _y = null!;
        private Tensor? _bias;
        private FusedActivation _activation;

        public DenseNode Set(Tensor x, Tensor kernel, Tensor? bias, Tensor y, FusedActivation activation)
        {
            (_x, _kernel, _bias, _y, _activation) = (x, kernel, bias, y, activation);
            SetInputs(x, kernel, bias);
            return this;
        }

        public override bool MasksOutputGradientByRelu => _activation == FusedActivation.Relu;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public override void Backward(Tensor g)
        {
            Tensor x = _x, kernel = _kernel;
            Tensor? bias = _bias;
            int n = x.Dim(0), k = kernel.Dim(0), units = kernel.Dim(1);
            Tensor dz = ActivationGradient(g, _y, _activation);
            if (x.RequiresGrad)
            {
                // Straight into x's gradient buffer, as dW below: no temporary and no copy (256 KB a step for the
                // lecture's hidden layer, on the one thread that runs the walk).
                Tensor dx = GraphWalk.GradientBufferForOverwrite(x, out bool fresh);
                KernelBackend.Current.Gemm(false, true, n, k, units, 1f, dz.Data, dz.Offset, units, kernel.Data, kernel.Offset, units, fresh ? 0f : 1f, dx.Data, dx.Offset, k);
            }
            if (kernel.RequiresGrad)
            {
                // dW goes straight into the gradient buffer: overwritten (β = 0) after ZeroGrad, accumulated (β = 1)
                // when a gradient is already there — no weight-sized temporary and no clearing pass per step.
                Tensor dw = GraphWalk.GradientBufferForOverwrite(kernel, out bool fresh);
                KernelBackend.Current.Gemm(true, false, k, units, n, 1f, x.Data, x.Offset, k, dz.Data, dz.Offset, units, fresh ? 0f : 1f, dw.Data, dw.Offset, units);
            }
            if (bias is not null && bias.RequiresGrad) AccumulateBiasGradient(dz, bias, n, units);
        }
    }

    /// <summary>db (+)= Σ over the <paramref name="rows"/> rows of dz: the bias gradient of a layer whose output rows all add one bias.</summary>
    internal static void AccumulateBiasGradient(Tensor dz, Tensor bias, int rows, int units)
    {
        Span<float> dbs = GraphWalk.GradientBufferForOverwrite(bias, out bool fresh).Span;
        KernelBackend.Current.SumRows(dz.Span, rows, units, dbs, accumulate: !fresh);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static Tensor ActivationGradient(Tensor g, Tensor y, FusedActivation activation)
    {
        if (activation == FusedActivation.Linear) return g;
        // The gradient's writer already zeroed it wherever y is not positive (a max pooling after this op): relu's
        // derivative would change nothing.
        if (activation == FusedActivation.Relu && y.GradIsReluMasked && ReferenceEquals(g, y.Grad)) return g;
        Tensor dz = Tensor.Uninitialized(g.ShapeRef);
        if (activation == FusedActivation.Relu)
        {
            KernelBackend.Current.ReluBackward(y.Data, y.Offset, g.Data, g.Offset, dz.Data, dz.Offset, dz.Size);   // reads g once: no copy first
            return dz;
        }
        Span<float> d = dz.Span;
        ReadOnlySpan<float> ys = y.Span;
        g.Span.CopyTo(d);
        switch (activation)
        {
            case FusedActivation.Tanh:
                for (int i = 0; i < d.Length; i++) d[i] *= 1f - ys[i] * ys[i];
                break;
        }
        return dz;
    }
}
