using Backprop.Autograd;
using Backprop.Kernels;

namespace Backprop.Ops;

/// <summary>Max and average pooling of channels-last images, each backward beside its forward.</summary>
internal static class PoolingOps
{
    public static Tensor MaxPool2D(Tensor x, ConvolutionGeometry g)
    {
        Tensor y = Tensor.Uninitialized([g.Batch, g.OutHeight, g.OutWidth, g.Channels]);
        KernelBackend.Current.MaxPool(x.Span, g, y.Span);
        if (!GraphWalk.ShouldRecord(x)) return y;
        return GraphWalk.Record(y, [x], gy =>
        {
            Tensor dx = GraphWalk.GradientBufferForOverwrite(x, out bool fresh);
            if (fresh) dx.Clear();
            KernelBackend.Current.MaxPoolBackward(x.Span, y.Span, gy.Span, g, dx.Span);
        });
    }

    public static Tensor AveragePool2D(Tensor x, ConvolutionGeometry g)
    {
        Tensor y = Tensor.Uninitialized([g.Batch, g.OutHeight, g.OutWidth, g.Channels]);
        KernelBackend.Current.AveragePool(x.Span, g, y.Span);
        if (!GraphWalk.ShouldRecord(x)) return y;
        return GraphWalk.Record(y, [x], gy =>
        {
            Tensor dx = GraphWalk.GradientBufferForOverwrite(x, out bool fresh);
            if (fresh) dx.Clear();
            KernelBackend.Current.AveragePoolBackward(gy.Span, g, dx.Span);
        });
    }
}
