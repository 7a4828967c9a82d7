namespace Backprop.Ops;

/// <summary>Conversions between tensors and other element types.</summary>
internal static class ConversionOps
{
    /// <summary>Writes each element as a byte; returns the flat index of the first element that is not a whole number
    /// in 0..255 (stopping there), or null when all are.</summary>
    public static int? ToWholeBytes(Tensor values, Span<byte> bytes)
    {
        ReadOnlySpan<float> source = values.Span;
        for (int i = 0; i < source.Length; i++)
        {
            float v = source[i];
            if (!(v >= 0 && v <= 255 && v == MathF.Floor(v))) return i;
            bytes[i] = (byte)v;
        }
        return null;
    }
}
