using Backprop.Autograd;
using Backprop.Kernels;

namespace Backprop.Ops;

/// <summary>Max and average pooling of channels-last images, each backward beside its forward.</summary>
internal static class PoolingOps
{
    public static Tensor MaxPool2D(Tensor x, ConvolutionGeometry g)
    {
        Tensor y = Tensor.Uninitialized([g.Batch, g.OutHeight, g.OutWidth, g.Channels]);
        KernelBackend.Current.MaxPool(x.Data, x.Offset, g, y.Data, y.Offset);
        if (!GraphWalk.ShouldRecord(x)) return y;
        return GraphWalk.Record(y, [x], gy =>
        {
            Tensor dx = GraphWalk.GradientBufferForOverwrite(x, out bool fresh);
            if (fresh) dx.Clear();
            KernelBackend.Current.MaxPoolBackward(x.Data, x.Offset, y.Data, y.Offset, gy.Data, gy.Offset, g, dx.Data, dx.Offset);
        });
    }

    public static Tensor AveragePool2D(Tensor x, ConvolutionGeometry g)
    {
        Tensor y = Tensor.Uninitialized([g.Batch, g.OutHeight, g.OutWidth, g.Channels]);
        KernelBackend.Current.AveragePool(x.Data, x.Offset, g, y.Data, y.Offset);
        if (!GraphWalk.ShouldRecord(x)) return y;
        return GraphWalk.Record(y, [x], gy =>
        {
            Tensor dx = GraphWalk.GradientBufferForOverwrite(x, out bool fresh);
            if (fresh) dx.Clear();
            KernelBackend.Current.AveragePoolBackward(gy.Data, gy.Offset, g, dx.Data, dx.Offset);
        });
    }
}
