using System.Buffers.Binary;
using System.IO.Compression;

namespace Backprop.Datasets;

/// <summary>
/// Reads and writes IDX files (the MNIST format): magic 0x00 0x00 type rank, then rank big-endian
/// 32-bit dimensions, then the elements big-endian. Gzip is detected from the bytes (1f 8b), not the name.
/// Every header is validated before anything large is allocated.
/// </summary>
public static class Idx
{
    /// <summary>Files larger than this (decompressed) are refused: no IDX dataset comes near it.</summary>
    private const long MaxElements = int.MaxValue;

    /// <summary>Reads an IDX file (raw or gzip) into a float tensor of its shape.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="IdxFormatException">The file is not valid IDX (the message says how).</exception>
    public static Tensor Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file not found: {path}", path);
        using FileStream file = File.OpenRead(path);
        return ToTensor(Read<float>(file, path, DecodedLength(file), DecodeToFloat));
    }

    /// <summary>
    /// Reads an unsigned-byte IDX file (raw or gzip) as bytes, a quarter of the memory of <see cref="Read(string)"/>'s
    /// floats: MNIST-style images kept this way are scaled a batch at a time by <see cref="ImageBatches"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="IdxFormatException">The file is not valid IDX, or its elements are not unsigned bytes.</exception>
    public static ByteImages ReadBytes(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file not found: {path}", path);
        using FileStream file = File.OpenRead(path);
        (byte[] values, int[] shape) = Read<byte>(file, path, DecodedLength(file), CopyUnsignedBytes);
        return new ByteImages(values, shape);
    }

    /// <summary>Reads an unsigned-byte IDX stream (raw or gzip) as bytes; <paramref name="source"/> names it in error messages.</summary>
    public static ByteImages ReadBytes(Stream stream, string source = "stream")
    {
        (byte[] values, int[] shape) = Read<byte>(stream, source, decodedLength: null, CopyUnsignedBytes);
        return new ByteImages(values, shape);
    }

    /// <summary>The length of the IDX bytes in the file, if the file says: its size for a raw file, else gzip's trailer
    /// (ISIZE, the uncompressed length modulo 2³²). Lets the reader allocate the whole tensor up front when the header agrees.
    /// A trailer claiming more than deflate can produce from the file's bytes (at most 1032 to 1) is forged and ignored, so
    /// the data must then prove its length as it arrives (a 36-byte file with a forged trailer allocated 8 GB before).</summary>
    private static long? DecodedLength(FileStream file)
    {
        if (file.Length < 18) return null;
        Span<byte> head = stackalloc byte[2];
        file.ReadExactly(head);
        if (head[0] != 0x1f || head[1] != 0x8b)
        {
            file.Position = 0;
            return file.Length;
        }
        Span<byte> trailer = stackalloc byte[4];
        file.Position = file.Length - 4;
        file.ReadExactly(trailer);
        file.Position = 0;
        uint isize = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        return isize <= file.Length * MaxDeflateRatio ? isize : null;
    }

    // Deflate's largest expansion: a 258-byte match costs at least 2 bits, so 1 byte of stream inflates to at most ~1032.
    private const long MaxDeflateRatio = 1032;

    /// <summary>Reads IDX from a stream (raw or gzip); <paramref name="source"/> names it in error messages.</summary>
    public static Tensor Read(Stream stream, string source = "stream") => ToTensor(Read<float>(stream, source, decodedLength: null, DecodeToFloat));

    private static Tensor ToTensor((float[] Values, int[] Shape) read) => Tensor.FromArray(read.Values, read.Shape);

    /// <summary>Turns a chunk of an IDX file's element bytes into values.</summary>
    private delegate void ChunkDecoder<T>(IdxElementType type, ReadOnlySpan<byte> bytes, Span<T> values);

    private static (T[] Values, int[] Shape) Read<T>(Stream stream, string source, long? decodedLength, ChunkDecoder<T> decode)
    {
        using Stream data = OpenMaybeGzip(stream, source);
        try
        {
            return ReadRaw(data, source, decodedLength, decode);
        }
        catch (InvalidDataException e)
        {
            throw new IdxFormatException($"{source}: corrupt gzip data ({e.Message}).", e);
        }
        catch (EndOfStreamException e)
        {
            throw new IdxFormatException($"{source}: the file ends early ({e.Message}).", e);
        }
    }

    private static Stream OpenMaybeGzip(Stream stream, string source)
    {
        var buffered = new BufferedStream(stream, 1 << 16);
        Span<byte> head = stackalloc byte[2];
        int read = buffered.ReadAtLeast(head, 2, throwOnEndOfStream: false);
        if (read < 2) throw new IdxFormatException($"{source}: too short to be an IDX file ({read} bytes).");
        var rewound = new PrefixedStream(head[..read].ToArray(), buffered);
        return head[0] == 0x1f && head[1] == 0x8b ? new GZipStream(rewound, CompressionMode.Decompress) : rewound;
    }

    private static (T[] Values, int[] Shape) ReadRaw<T>(Stream data, string source, long? decodedLength, ChunkDecoder<T> decode)
    {
        Span<byte> magic = stackalloc byte[4];
        ReadExactly(data, magic, source, "the magic number");
        if (magic[0] != 0 || magic[1] != 0)
            throw new IdxFormatException($"{source}: not an IDX file (magic starts {magic[0]:x2} {magic[1]:x2}, expected 00 00).");
        var type = (IdxElementType)magic[2];
        int size = ElementSize(type) ?? throw new IdxFormatException($"{source}: unknown IDX element type 0x{magic[2]:x2} (expected 08, 09, 0b, 0c, 0d or 0e).");
        if (typeof(T) == typeof(byte) && type != IdxElementType.UByte)
            throw new IdxFormatException($"{source}: holds {type} elements (type 0x{magic[2]:x2}); reading as bytes needs unsigned bytes (0x08). Idx.Read reads any type as floats.");
        int rank = magic[3];
        if (rank == 0) throw new IdxFormatException($"{source}: an IDX file needs at least one dimension, got 0.");
        var shape = new int[rank];
        Span<byte> dim = stackalloc byte[4];
        long count = 1;
        for (int d = 0; d < rank; d++)
        {
            ReadExactly(data, dim, source, $"dimension {d}");
            uint value = BinaryPrimitives.ReadUInt32BigEndian(dim);
            count *= value;
            if (value > int.MaxValue || count > MaxElements)
                throw new IdxFormatException($"{source}: the header claims {(value > int.MaxValue ? value : count)} elements, more than this reader accepts ({MaxElements}).");
            shape[d] = (int)value;
        }
        // When the file's own length (or gzip's ISIZE) matches what the header declares, the header is
        // believable: decode straight into the tensor. Otherwise read in chunks, so a header that lies about a large
        // size fails at the end of the data rather than with a huge allocation.
        long declared = 4 + 4L * rank + count * size;
        // (Beyond 4 GiB, where ISIZE only holds the length modulo 2³², a small file could match a forged header: such
        // data always takes the chunked path.)
        T[]? whole = decodedLength == declared ? new T[count] : null;
        var values = new List<T[]>();
        long remaining = count;
        // 64K elements: the byte buffer stays small (it is touched memory at the peak); decoding per chunk costs nothing measurable.
        const int Chunk = 1 << 16;
        var bytes = new byte[Math.Min(count, Chunk) * size];
        while (remaining > 0)
        {
            int n = (int)Math.Min(remaining, Chunk);
            int got = data.ReadAtLeast(bytes.AsSpan(0, n * size), n * size, throwOnEndOfStream: false);
            if (got < n * size)
                throw new IdxFormatException($"{source}: the data ends early: the header {ShapeMath.Format(shape)} needs {count * size} bytes of elements, found {(count - remaining) * size + got}.");
            if (whole is not null) decode(type, bytes.AsSpan(0, n * size), whole.AsSpan((int)(count - remaining), n));
            else
            {
                var chunk = new T[n];
                decode(type, bytes.AsSpan(0, n * size), chunk);
                values.Add(chunk);
            }
            remaining -= n;
        }
        if (data.ReadByte() != -1)
            throw new IdxFormatException($"{source}: there are bytes after the {count} elements the header {ShapeMath.Format(shape)} declares.");
        // The full array is allocated only now that the data has proved as long as the header says.
        T[] all = whole ?? (values.Count == 1 ? values[0] : new T[count]);
        if (whole is null && values.Count > 1)
            for (int c = 0; c < values.Count; c++) values[c].CopyTo(all, (long)c * Chunk);
        return (count == 0 ? [] : all, shape);
    }

    private static void ReadExactly(Stream data, Span<byte> buffer, string source, string what)
    {
        if (data.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
            throw new IdxFormatException($"{source}: the file ends inside the header ({what}).");
    }

    private static int? ElementSize(IdxElementType type) => type switch
    {
        IdxElementType.UByte or IdxElementType.SByte => 1,
        IdxElementType.Short => 2,
        IdxElementType.Int or IdxElementType.Float => 4,
        IdxElementType.Double => 8,
        _ => null,
    };

    // ReadRaw has checked the type (only unsigned bytes are read as bytes).
    private static void CopyUnsignedBytes(IdxElementType type, ReadOnlySpan<byte> bytes, Span<byte> values) => bytes[..values.Length].CopyTo(values);

    private static void DecodeToFloat(IdxElementType type, ReadOnlySpan<byte> bytes, Span<float> values)
    {
        switch (type)
        {
            // Vectorised: the element loop runs once per load, as tier-0 code, and took 0.2 s for MNIST's 47 million pixels.
            case IdxElementType.UByte:
                System.Numerics.Tensors.TensorPrimitives.ConvertChecked<byte, float>(bytes[..values.Length], values);
                break;
            case IdxElementType.SByte:
                System.Numerics.Tensors.TensorPrimitives.ConvertChecked<sbyte, float>(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(bytes[..values.Length]), values);
                break;
            case IdxElementType.Short:
                for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadInt16BigEndian(bytes[(2 * i)..]);
                break;
            case IdxElementType.Int:
                for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadInt32BigEndian(bytes[(4 * i)..]);
                break;
            case IdxElementType.Float:
                for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleBigEndian(bytes[(4 * i)..]);
                break;
            default:
                for (int i = 0; i < values.Length; i++) values[i] = (float)BinaryPrimitives.ReadDoubleBigEndian(bytes[(8 * i)..]);
                break;
        }
    }

    /// <summary>Writes a tensor as IDX with the given element type (values are converted; gzip when <paramref name="gzip"/>).</summary>
    /// <exception cref="ArgumentException">A value does not fit the element type (not an integer, or out of range).</exception>
    public static void Write(string path, Tensor tensor, IdxElementType type, bool gzip = false)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Rank is 0 or > 255) throw new ArgumentException($"IDX holds 1 to 255 dimensions, got rank {tensor.Rank}.", nameof(tensor));
        int size = ElementSize(type) ?? throw new ArgumentException($"Unknown IDX element type {type}.", nameof(type));
        string temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using (FileStream file = File.Create(temp))
            using (Stream output = gzip ? new GZipStream(file, CompressionLevel.Optimal) : file)
            {
                output.Write([0, 0, (byte)type, (byte)tensor.Rank]);
                Span<byte> dim = stackalloc byte[4];
                foreach (int d in tensor.ShapeRef)
                {
                    BinaryPrimitives.WriteInt32BigEndian(dim, d);
                    output.Write(dim);
                }
                var bytes = new byte[tensor.Size * size];
                using (Tensor.PooledValues values = tensor.CopyToPool()) Encode(type, values.Span, bytes);
                output.Write(bytes);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static void Encode(IdxElementType type, ReadOnlySpan<float> values, Span<byte> bytes)
    {
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            switch (type)
            {
                case IdxElementType.UByte: bytes[i] = (byte)CheckedInteger(v, byte.MinValue, byte.MaxValue, i); break;
                case IdxElementType.SByte: bytes[i] = (byte)(sbyte)CheckedInteger(v, sbyte.MinValue, sbyte.MaxValue, i); break;
                case IdxElementType.Short: BinaryPrimitives.WriteInt16BigEndian(bytes[(2 * i)..], (short)CheckedInteger(v, short.MinValue, short.MaxValue, i)); break;
                case IdxElementType.Int: BinaryPrimitives.WriteInt32BigEndian(bytes[(4 * i)..], (int)CheckedInteger(v, int.MinValue, int.MaxValue, i)); break;
                case IdxElementType.Float: BinaryPrimitives.WriteSingleBigEndian(bytes[(4 * i)..], v); break;
                default: BinaryPrimitives.WriteDoubleBigEndian(bytes[(8 * i)..], v); break;
            }
        }
    }

    private static double CheckedInteger(float v, double min, double max, int index)
    {
        if (v != MathF.Floor(v) || v < min || v > max)
            throw new ArgumentException($"Value {v} at index {index} is not an integer in [{min}, {max}].");
        return v;
    }
}
