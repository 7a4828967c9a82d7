namespace Backprop.Datasets;

/// <summary>The element types of the IDX format (the third byte of the magic number).</summary>
public enum IdxElementType : byte
{
    /// <summary>Unsigned byte.</summary>
    UByte = 0x08,
    /// <summary>Signed byte.</summary>
    SByte = 0x09,
    /// <summary>Big-endian 16-bit integer.</summary>
    Short = 0x0B,
    /// <summary>Big-endian 32-bit integer.</summary>
    Int = 0x0C,
    /// <summary>Big-endian 32-bit float.</summary>
    Float = 0x0D,
    /// <summary>Big-endian 64-bit float.</summary>
    Double = 0x0E,
}
