using Backprop.Autograd;
using Backprop.Kernels;

namespace Backprop.Ops;

/// <summary>Max and average pooling of channels-last images, each backward beside its forward. The backward is a node
/// class with fields, not a closure, so a training step reuses it with its output tensor and allocates nothing.</summary>
internal static class PoolingOps
{
    /// <summary>Whether max pooling's backward applies the relu of the op before it (see <see cref="PoolingNode"/>); off,
    /// that op runs its own pass. Tests compare the two.</summary>
    internal static bool MaskReluGradient { get; set; } = true;

    /// <summary>How many max-pooling backward passes have applied a relu's derivative since start-up (tests check the path ran).</summary>
    internal static long ReluMaskedPasses => Interlocked.Read(ref s_reluMaskedPasses);
    private static long s_reluMaskedPasses;

    public static Tensor MaxPool2D(Tensor x, ConvolutionGeometry g)
    {
        Tensor y = Tensor.Uninitialized([g.Batch, g.OutHeight, g.OutWidth, g.Channels]);
        KernelBackend.Current.MaxPool(x.Data, x.Offset, g, y.Data, y.Offset);
        if (!GraphWalk.ShouldRecord(x)) return y;
        return GraphWalk.Record(y, BackwardNode.Reuse<PoolingNode>(y).Set(x, y, g, max: true));
    }

    public static Tensor AveragePool2D(Tensor x, ConvolutionGeometry g)
    {
        Tensor y = Tensor.Uninitialized([g.Batch, g.OutHeight, g.OutWidth, g.Channels]);
        KernelBackend.Current.AveragePool(x.Data, x.Offset, g, y.Data, y.Offset);
        if (!GraphWalk.ShouldRecord(x)) return y;
        return GraphWalk.Record(y, BackwardNode.Reuse<PoolingNode>(y).Set(x, y, g, max: false));
    }

    private sealed class PoolingNode : BackwardNode
    {
        private Tensor _x = null!, _y = null!;
        private ConvolutionGeometry _g;
        private bool _max;
        private readonly Tensor[] _inputs = new Tensor[1];

        public PoolingNode Set(Tensor x, Tensor y, ConvolutionGeometry g, bool max)
        {
            (_x, _y, _g, _max) = (x, y, g, max);
            _inputs[0] = x;
            Inputs = _inputs;
            return this;
        }

        public override void Backward(Tensor gy)
        {
            // Every window adds into dx, so a fresh buffer is cleared first — unless windows share no pixel, when max
            // pooling writes dx whole.
            Tensor dx = GraphWalk.GradientBufferForOverwrite(_x, out bool fresh);
            bool overwrite = fresh && _max && Pooling.WindowsDisjoint(_g);
            if (fresh && !overwrite) dx.Clear();
            // When x is the output of an op with a fused relu, the gradient written whole here can carry relu's
            // derivative too (zero where the window's maximum is not positive): the op then skips its own pass over it
            // (keras-io's convnet: both convolutions), and the result is the same bit for bit.
            bool reluMasked = MaskReluGradient && overwrite && _x.Node is { MasksOutputGradientByRelu: true };
            if (_max) KernelBackend.Current.MaxPoolBackward(_x.Data, _x.Offset, _y.Data, _y.Offset, gy.Data, gy.Offset, _g, dx.Data, dx.Offset, overwrite, reluMasked);
            else KernelBackend.Current.AveragePoolBackward(gy.Data, gy.Offset, _g, dx.Data, dx.Offset);
            if (!reluMasked) return;
            _x.GradIsReluMasked = true;
            Interlocked.Increment(ref s_reluMaskedPasses);
        }
    }
}
