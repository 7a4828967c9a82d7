using Backprop.Autograd;
using Backprop.Kernels;

namespace Backprop.Ops;

/// <summary>Tensors of random draws for layers, from the generator behind <see cref="Utils.SetRandomSeed"/>.</summary>
internal static class RandomOps
{
    /// <summary>Inverted dropout's mask: each element 0 with probability <paramref name="rate"/>, else 1/(1 − rate).</summary>
    public static Tensor DropoutMask(int[] shape, float rate)
    {
        Tensor mask = Tensor.Uninitialized(shape);
        KernelBackend.Current.DropoutMask(RandomSource.DropoutSeed(), rate, mask.Span);
        return mask;
    }

    /// <summary>x ⊙ mask with a fresh dropout mask of x's shape, mask and product in one pass on every thread. Backward:
    /// g ⊙ mask. The mask, the output and the node are the step arena's, so a steady training step allocates nothing here.</summary>
    public static Tensor Dropout(Tensor x, float rate)
    {
        Tensor mask = Tensor.Uninitialized(x.ShapeRef);
        Tensor y = Tensor.Uninitialized(x.ShapeRef);
        KernelBackend.Current.Dropout(RandomSource.DropoutSeed(), rate, x.Data, x.Offset, mask.Data, mask.Offset, y.Data, y.Offset, x.Size);
        if (!GraphWalk.ShouldRecord(x)) return y;
        return GraphWalk.Record(y, BackwardNode.Reuse<DropoutNode>(y).Set(x, mask));
    }

    private sealed class DropoutNode : BackwardNode
    {
        private Tensor _x = null!, _mask = null!;

        public DropoutNode Set(Tensor x, Tensor mask)
        {
            (_x, _mask) = (x, mask);
            SetInputs(x);
            return this;
        }

        public override void Backward(Tensor gradient)
        {
            if (!_x.RequiresGrad) return;
            Tensor buffer = GraphWalk.GradientBufferForOverwrite(_x, out bool overwrite);
            KernelBackend.Current.DropoutBackward(gradient.Data, gradient.Offset, _mask.Data, _mask.Offset, buffer.Data, buffer.Offset, buffer.Size, accumulate: !overwrite);
        }
    }
}
