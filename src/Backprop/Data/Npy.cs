using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.RegularExpressions;

namespace Backprop.Datasets;

/// <summary>
/// Reads NumPy's .npy arrays and .npz archives (a zip of .npy files), such as Keras's <c>mnist.npz</c>
/// (x_train, y_train, x_test, y_test). C-order arrays of u1, i1, i2, i4, i8, f4 or f8, either byte order.
/// </summary>
public static partial class Npy
{
    private const long MaxElements = int.MaxValue;

    /// <summary>Reads one .npy array from a stream; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="FormatException">Not a valid .npy array of a supported type (the message says how).</exception>
    public static Tensor Read(Stream stream, string source = "stream") =>
        Read(stream, source, stream.CanSeek ? stream.Length - stream.Position : null);

    /// <summary>Reads one array; <paramref name="streamLength"/> is the stream's length in bytes if known (a zip entry's
    /// declared size). When the header's data exactly fills it, the array is allocated once and decoded straight into;
    /// otherwise it is read in chunks, so a header that lies about a large size fails at the end of the data rather than
    /// with a huge allocation (at the price of a copy: twice the array at the peak).</summary>
    private static Tensor Read(Stream stream, string source, long? streamLength)
    {
        Span<byte> magic = stackalloc byte[10];
        if (stream.ReadAtLeast(magic, 10, throwOnEndOfStream: false) < 10 || magic[0] != 0x93 || !magic[1..6].SequenceEqual("NUMPY"u8))
            throw new FormatException($"{source}: not a .npy file (no \\x93NUMPY magic).");
        int major = magic[6];
        int headerLength;
        if (major == 1) headerLength = BinaryPrimitives.ReadUInt16LittleEndian(magic[8..]);
        else if (major is 2 or 3)
        {
            Span<byte> rest = stackalloc byte[2];
            if (stream.ReadAtLeast(rest, 2, throwOnEndOfStream: false) < 2) throw new FormatException($"{source}: the header ends early.");
            long length = BinaryPrimitives.ReadUInt32LittleEndian([magic[8], magic[9], rest[0], rest[1]]);
            if (length > 1 << 20) throw new FormatException($"{source}: a header of {length} bytes is not plausible.");
            headerLength = (int)length;
        }
        else throw new FormatException($"{source}: unsupported .npy version {major}.");
        var headerBytes = new byte[headerLength];
        if (stream.ReadAtLeast(headerBytes, headerLength, throwOnEndOfStream: false) < headerLength) throw new FormatException($"{source}: the header ends early.");
        string header = System.Text.Encoding.Latin1.GetString(headerBytes);
        Match descr = DescrPattern().Match(header), order = OrderPattern().Match(header), shapeMatch = ShapePattern().Match(header);
        if (!descr.Success || !order.Success || !shapeMatch.Success) throw new FormatException($"{source}: cannot read the header {header.Trim()}.");
        if (order.Groups[1].Value != "False") throw new FormatException($"{source}: Fortran-order arrays are not supported.");
        string dtype = descr.Groups[1].Value;
        bool bigEndian = dtype[0] == '>';
        string kind = dtype.TrimStart('<', '>', '|', '=');
        int size = kind switch { "u1" or "i1" => 1, "i2" => 2, "i4" or "f4" => 4, "i8" or "f8" => 8, _ => 0 };
        if (size == 0) throw new FormatException($"{source}: unsupported dtype '{dtype}' (supported: u1, i1, i2, i4, i8, f4, f8).");
        int[] shape = shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => int.TryParse(d, out int v) && v >= 0 ? v : throw new FormatException($"{source}: bad dimension '{d}' in the shape.")).ToArray();
        long count = 1;
        foreach (int d in shape)
        {
            count *= d;
            if (count > MaxElements) throw new FormatException($"{source}: the header claims {count}+ elements, more than this reader accepts.");
        }
        if (shape.Length == 0) shape = [1];
        long consumed = 10 + (major == 1 ? 0 : 2) + headerLength;
        float[]? whole = streamLength == consumed + count * size ? new float[count] : null;
        var values = new List<float[]>();
        const int Chunk = 1 << 20;
        var bytes = new byte[Math.Min(count, Chunk) * size];
        for (long done = 0; done < count;)
        {
            int n = (int)Math.Min(count - done, Chunk);
            if (stream.ReadAtLeast(bytes.AsSpan(0, n * size), n * size, throwOnEndOfStream: false) < n * size)
                throw new FormatException($"{source}: the data ends early: {ShapeMathText(shape)} of {dtype} needs {count * size} bytes.");
            Span<float> chunk;
            if (whole is not null) chunk = whole.AsSpan((int)done, n);
            else
            {
                var part = new float[n];
                values.Add(part);
                chunk = part;
            }
            for (int i = 0; i < n; i++) chunk[i] = Decode(kind, bigEndian, bytes.AsSpan(i * size, size));
            done += n;
        }
        float[] all = whole ?? (values.Count == 1 ? values[0] : new float[count]);
        if (whole is null && values.Count > 1) for (int c = 0; c < values.Count; c++) values[c].CopyTo(all, (long)c * Chunk);
        return Tensor.FromArray(count == 0 ? [] : all, shape);
    }

    private static string ShapeMathText(int[] shape) => "(" + string.Join(", ", shape) + ")";

    private static float Decode(string kind, bool bigEndian, ReadOnlySpan<byte> b) => kind switch
    {
        "u1" => b[0],
        "i1" => (sbyte)b[0],
        "i2" => bigEndian ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b),
        "i4" => bigEndian ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b),
        "i8" => bigEndian ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b),
        "f4" => bigEndian ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b),
        _ => (float)(bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b)),
    };

    /// <summary>Reads every array of an .npz archive, by name without ".npy".</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="FormatException">Not a zip, a truncated zip, or an array that is not valid .npy.</exception>
    public static IReadOnlyDictionary<string, Tensor> ReadArchive(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"npz file not found: {path}", path);
        try
        {
            using ZipArchive zip = ZipFile.OpenRead(path);
            var arrays = new Dictionary<string, Tensor>();
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal)) continue;
                using Stream stream = entry.Open();
                arrays[entry.FullName[..^4]] = Read(stream, $"{path}:{entry.FullName}", entry.Length);
            }
            return arrays;
        }
        catch (InvalidDataException e)
        {
            throw new FormatException($"{path}: not a valid npz (zip) archive: {e.Message}", e);
        }
    }

    /// <summary>Keras's mnist.npz layout: x_train, y_train, x_test, y_test.</summary>
    internal static ((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) ReadKerasSplits(string path)
    {
        IReadOnlyDictionary<string, Tensor> a = ReadArchive(path);
        Tensor Get(string name) => a.TryGetValue(name, out Tensor? t) ? t
            : throw new FormatException($"{path}: no '{name}' array (expected x_train, y_train, x_test, y_test; found {string.Join(", ", a.Keys)}).");
        return ((Get("x_train"), Get("y_train")), (Get("x_test"), Get("y_test")));
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']+)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex OrderPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
