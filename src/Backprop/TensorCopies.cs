using System.Buffers;

namespace Backprop;

// The copy-in and copy-out API of the storage seam: code outside Ops/ and Kernels/ (metrics, data, layers' state)
// reads and writes values only through these, never through the array behind a tensor. Each is a copy, which on
// another backend would be the one transfer between device and host.
public sealed partial class Tensor
{
    /// <summary>Copies <paramref name="source"/>'s elements (same count) over this tensor's.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal void CopyFrom(Tensor source)
    {
        if (source.Size != Size) throw new ArgumentException($"Cannot copy {source.Size} values ({ShapeMath.Format(source._shape)}) into a tensor of {Size} ({ShapeMath.Format(_shape)}).");
        source.Span.CopyTo(Span);
    }

    /// <summary>Copies <paramref name="values"/> (one per element, row-major) over this tensor's elements.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal void CopyFrom(ReadOnlySpan<float> values)
    {
        if (values.Length != Size) throw new ArgumentException($"Cannot copy {values.Length} values into a tensor of {Size} ({ShapeMath.Format(_shape)}).");
        values.CopyTo(Span);
    }

    /// <summary>Copies the elements into <paramref name="destination"/> starting at element <paramref name="at"/>:
    /// how results computed batch by batch are stacked into one tensor.</summary>
    internal void CopyInto(Tensor destination, int at) => Span.CopyTo(destination.Span.Slice(at, Size));

    /// <summary>The element at a flat (row-major) index.</summary>
    internal float At(int index) => (uint)index < (uint)Size ? Data[Offset + index]
        : throw new IndexOutOfRangeException($"Flat index {index} is out of range for a tensor of {Size} elements.");

    /// <summary>Sets every element to <paramref name="value"/>, in place.</summary>
    internal void Fill(float value) => Span.Fill(value);

    /// <summary>A copy of the elements in a pooled buffer, for code that loops over values on the host (metrics,
    /// encoders): no allocation in steady state. Dispose returns the buffer.</summary>
    internal PooledValues CopyToPool() => new(this);

    /// <summary>The values of a tensor copied into a buffer from the shared pool (see <see cref="CopyToPool"/>).</summary>
    internal readonly ref struct PooledValues
    {
        private readonly float[] _buffer;
        private readonly int _length;

        public PooledValues(Tensor tensor)
        {
            _length = tensor.Size;
            _buffer = ArrayPool<float>.Shared.Rent(_length);
            tensor.Span.CopyTo(_buffer);
        }

        public ReadOnlySpan<float> Span => _buffer.AsSpan(0, _length);

        public void Dispose() => ArrayPool<float>.Shared.Return(_buffer);
    }
}
