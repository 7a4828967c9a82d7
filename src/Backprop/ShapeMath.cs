namespace Backprop;

/// <summary>Shape arithmetic shared by tensors and operations: sizes, axes, reshape and broadcasting rules.</summary>
internal static class ShapeMath
{
    public static int SizeOf(int[] shape)
    {
        int size = 1;
        foreach (int d in shape) size *= d;
        return size;
    }

    /// <summary>The element count of a shape, rejecting negative dimensions and sizes over int.MaxValue.</summary>
    public static int CheckedSize(ReadOnlySpan<int> shape)
    {
        long size = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"Dimensions must be non-negative, got shape {Format(shape)}.", nameof(shape));
            size *= d;
            if (size > int.MaxValue) throw new ArgumentException($"Shape {Format(shape)} has more than {int.MaxValue} elements.", nameof(shape));
        }
        return (int)size;
    }

    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    public static bool Equal(int[] a, int[] b) => a.AsSpan().SequenceEqual(b);

    public static int NormalizeAxis(int axis, int rank)
    {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw new ArgumentOutOfRangeException(nameof(axis), $"Axis {axis} is out of range for a tensor of rank {rank}.");
        return a;
    }

    /// <summary>Resolves one -1 in a requested shape so that it holds <paramref name="size"/> elements.</summary>
    public static int[] ResolveReshape(int[] requested, int size)
    {
        int[] shape = new int[requested.Length];
        ResolveReshape(requested, size, shape);
        return shape;
    }

    /// <summary>The requested shape with its one −1 (if any) inferred from <paramref name="size"/>, written into <paramref name="shape"/>.</summary>
    public static void ResolveReshape(ReadOnlySpan<int> requested, int size, Span<int> shape)
    {
        requested.CopyTo(shape);
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == -1)
            {
                if (inferred >= 0) throw new ArgumentException($"Only one dimension can be -1, got {Format(requested.ToArray())}.", nameof(requested));
                inferred = i;
            }
            else if (shape[i] < 0) throw new ArgumentException($"Dimensions must be non-negative or -1, got {Format(requested.ToArray())}.", nameof(requested));
            else known *= shape[i];
        }
        if (inferred >= 0)
        {
            if (known == 0 || size % known != 0)
                throw new ArgumentException($"Cannot reshape {size} elements into {Format(requested.ToArray())}.", nameof(requested));
            shape[inferred] = (int)(size / known);
        }
        else if (known != size)
            throw new ArgumentException($"Cannot reshape {size} elements into {Format(requested.ToArray())} ({known} elements).", nameof(requested));
    }

    /// <summary>NumPy broadcasting: align from the right; each pair of dimensions is equal or one of them is 1.</summary>
    public static int[] Broadcast(int[] a, int[] b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"Shapes {Format(a)} and {Format(b)} cannot be broadcast together (axis {i}: {da} vs {db}).");
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>Strides (in elements) of <paramref name="shape"/> seen through the broadcast <paramref name="target"/>: 0 on broadcast axes.</summary>
    public static int[] BroadcastStrides(int[] shape, int[] target)
    {
        var strides = new int[target.Length];
        int stride = 1;
        for (int i = target.Length - 1; i >= 0; i--)
        {
            int j = i - (target.Length - shape.Length);
            if (j < 0) { strides[i] = 0; continue; }
            strides[i] = shape[j] == 1 && target[i] != 1 ? 0 : stride;
            stride *= shape[j];
        }
        return strides;
    }

    /// <summary>Splits a shape around an axis into (outer, axis length, inner) for reductions.</summary>
    public static (int Outer, int Length, int Inner) AroundAxis(int[] shape, int axis)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < axis; i++) outer *= shape[i];
        for (int i = axis + 1; i < shape.Length; i++) inner *= shape[i];
        return (outer, shape[axis], inner);
    }

    /// <summary>The shape after reducing <paramref name="axis"/> (kept as 1 or removed).</summary>
    public static int[] Reduced(int[] shape, int axis, bool keepDims)
    {
        if (keepDims)
        {
            var kept = (int[])shape.Clone();
            kept[axis] = 1;
            return kept;
        }
        var result = new int[shape.Length - 1];
        for (int i = 0, j = 0; i < shape.Length; i++) if (i != axis) result[j++] = shape[i];
        return result;
    }
}
