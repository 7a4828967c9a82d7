using Backprop.Kernels;

namespace Backprop.Layers;

/// <summary>
/// The window geometry of a layer's last input shape, so that a training step, whose batches share one shape, works it
/// out (and allocates the sample shapes that takes) once rather than at every call. One immutable entry swapped whole,
/// so concurrent callers with different shapes each read a consistent pair.
/// </summary>
internal sealed class GeometryCache
{
    private sealed record Entry(int[] InputShape, ConvolutionGeometry Geometry);

    private Entry? _last;

    /// <summary>The geometry for inputs of <paramref name="inputShape"/> (batch axis included), computed by
    /// <paramref name="compute"/> from the sample shape when the shape differs from the last one.</summary>
    public ConvolutionGeometry For<TLayer>(int[] inputShape, TLayer layer, Func<TLayer, int, int[], ConvolutionGeometry> compute)
    {
        if (_last is { } entry && entry.InputShape.AsSpan().SequenceEqual(inputShape)) return entry.Geometry;
        ConvolutionGeometry g = compute(layer, inputShape[0], inputShape[1..]);
        _last = new Entry(inputShape, g);
        return g;
    }
}
