namespace Backprop.Serialization.Hdf5;

/// <summary>
/// The constants of the HDF5 subset we write and read (HDF5 File Format Specification 3.0): superblock
/// version 2, version-2 object headers, groups whose links live in the header ("compact" new-style
/// groups), contiguous datasets of float32 or int64. libhdf5 1.8 and later (h5py, Keras) read it.
/// </summary>
internal static class Hdf5Format
{
    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1a, (byte)'\n'];
    public static ReadOnlySpan<byte> ObjectHeaderSignature => "OHDR"u8;
    public const int SuperblockSize = 48;
    public const ulong UndefinedAddress = ulong.MaxValue;

    public const byte MessageNil = 0x00;
    public const byte MessageDataspace = 0x01;
    public const byte MessageLinkInfo = 0x02;
    public const byte MessageDatatype = 0x03;
    public const byte MessageFillValue = 0x05;
    public const byte MessageLink = 0x06;
    public const byte MessageLayout = 0x08;
    public const byte MessageGroupInfo = 0x0A;
    public const byte MessageContinuation = 0x10;
    public const byte MessageSymbolTable = 0x11;

    /// <summary>IEEE 754 single, little-endian: class 1 version 1; bit field (byte order LE, implied MSB, sign at bit 31); size 4;
    /// offset 0, precision 32, exponent at 23 of 8 bits, mantissa at 0 of 23 bits, bias 127.</summary>
    public static ReadOnlySpan<byte> Float32Type => [0x11, 0x20, 31, 0, 4, 0, 0, 0, 0, 0, 32, 0, 23, 8, 0, 23, 127, 0, 0, 0];

    /// <summary>Signed 64-bit integer, little-endian: class 0 version 1; bit field (LE, signed); size 8; offset 0, precision 64.</summary>
    public static ReadOnlySpan<byte> Int64Type => [0x10, 0x08, 0, 0, 8, 0, 0, 0, 0, 0, 64, 0];
}
