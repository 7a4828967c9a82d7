using System.Buffers.Binary;
using System.Text;

namespace Backprop.Serialization.Hdf5;

/// <summary>
/// Reads the HDF5 subset that <see cref="Hdf5Writer"/> writes (see <see cref="Hdf5Format"/>). Every
/// offset and length is checked against the file and every checksum verified, so a corrupt or
/// truncated file gives an <see cref="InvalidDataException"/> saying what is wrong, never a crash.
/// The layout h5py (and so Keras) writes by default — superblock 0, version-1 object headers, symbol-table groups —
/// is read too (Hdf5Reader.Legacy.cs).
/// </summary>
internal static partial class Hdf5Reader
{
    private const int MaxDepth = 64;

    public static Hdf5Group Read(ReadOnlySpan<byte> file)
    {
        if (file.Length < 9 || !file[..8].SequenceEqual(Hdf5Format.Signature))
            throw new InvalidDataException("not an HDF5 file (the signature \\x89HDF\\r\\n\\x1a\\n is missing).");
        byte version = file[8];
        if (version is 0 or 1) return ReadNode(file, LegacyRootAddress(file, version), depth: 0, []) as Hdf5Group ?? throw new InvalidDataException("the HDF5 root object is not a group.");
        if (version is not (2 or 3))
            throw new InvalidDataException($"HDF5 superblock version {version} is not supported (Backprop reads versions 0 to 3).");
        if (file.Length < Hdf5Format.SuperblockSize) throw new InvalidDataException("the HDF5 superblock is truncated.");
        ReadOnlySpan<byte> s = file[..Hdf5Format.SuperblockSize];
        if (s[9] != 8 || s[10] != 8) throw new InvalidDataException($"HDF5 offsets of {s[9]} bytes and lengths of {s[10]} bytes are not supported (8 and 8 are).");
        if (BinaryPrimitives.ReadUInt32LittleEndian(s[44..]) != Lookup3.Hash(s[..44])) throw new InvalidDataException("the HDF5 superblock checksum does not match.");
        if (BinaryPrimitives.ReadUInt64LittleEndian(s[12..]) != 0) throw new InvalidDataException("an HDF5 base address other than 0 is not supported.");
        ulong endOfFile = BinaryPrimitives.ReadUInt64LittleEndian(s[28..]);
        if (endOfFile > (ulong)file.Length) throw new InvalidDataException($"the HDF5 file is truncated: {file.Length} bytes, the superblock says {endOfFile}.");
        ulong root = BinaryPrimitives.ReadUInt64LittleEndian(s[36..]);
        return ReadNode(file, root, depth: 0, []) as Hdf5Group ?? throw new InvalidDataException("the HDF5 root object is not a group.");
    }

    // Each object may be reached once: we never write shared or cyclic links, and refusing them keeps a corrupt file from looping.
    private static Hdf5Node ReadNode(ReadOnlySpan<byte> file, ulong address, int depth, HashSet<ulong> visited)
    {
        if (depth > MaxDepth) throw new InvalidDataException($"HDF5 groups nest deeper than {MaxDepth} levels.");
        if (!visited.Add(address)) throw new InvalidDataException($"the HDF5 object at {address} is linked twice (a cycle or a shared object).");
        bool legacy = address < (ulong)file.Length && file[(int)address] == 1;
        var messages = legacy ? ReadObjectHeaderV1(file, address) : ReadObjectHeader(file, address);
        if (messages.Any(m => m.Type == Hdf5Format.MessageContinuation))
            throw new InvalidDataException("HDF5 continuation chunks of version-2 object headers are not supported.");
        if (messages.Any(m => m.Type == Hdf5Format.MessageLayout)) return ReadDataset(file, messages);
        if (messages.Any(m => m.Type == Hdf5Format.MessageSymbolTable)) return ReadSymbolTableGroup(file, messages, depth, visited);
        if (messages.Any(m => m.Type == Hdf5Format.MessageLinkInfo)) return ReadGroup(file, messages, depth, visited);
        throw new InvalidDataException($"the HDF5 object at {address} is neither a dataset nor a group with links in its header (old-style symbol-table groups are not supported).");
    }

    private static List<(byte Type, byte[] Body)> ReadObjectHeader(ReadOnlySpan<byte> file, ulong address)
    {
        if (address > (ulong)file.Length - 10) throw new InvalidDataException($"an HDF5 object header address ({address}) lies outside the file.");
        int at = (int)address;
        if (!file.Slice(at, 4).SequenceEqual(Hdf5Format.ObjectHeaderSignature))
            throw new InvalidDataException($"no HDF5 object header at {address} (version 1 object headers are not supported).");
        if (file[at + 4] != 2) throw new InvalidDataException($"HDF5 object header version {file[at + 4]} is not supported.");
        byte flags = file[at + 5];
        int cursor = at + 6;
        if ((flags & 0x20) != 0) cursor += 16;   // access, modification, change and birth times
        if ((flags & 0x10) != 0) cursor += 4;    // attribute phase-change values
        int sizeBytes = 1 << (flags & 3);
        if (cursor + sizeBytes > file.Length) throw new InvalidDataException("an HDF5 object header is truncated.");
        ulong chunkSize = sizeBytes switch
        {
            1 => file[cursor],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(file[cursor..]),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(file[cursor..]),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(file[cursor..]),
        };
        cursor += sizeBytes;
        if (chunkSize > (ulong)(file.Length - cursor - 4)) throw new InvalidDataException("an HDF5 object header is truncated.");
        int end = cursor + (int)chunkSize;
        if (BinaryPrimitives.ReadUInt32LittleEndian(file[end..]) != Lookup3.Hash(file[at..end]))
            throw new InvalidDataException($"the checksum of the HDF5 object header at {address} does not match.");
        bool creationOrder = (flags & 0x04) != 0;
        int messageHeader = creationOrder ? 6 : 4;
        var messages = new List<(byte, byte[])>();
        while (end - cursor >= messageHeader)
        {
            byte type = file[cursor];
            int size = BinaryPrimitives.ReadUInt16LittleEndian(file[(cursor + 1)..]);
            cursor += messageHeader;
            if (size > end - cursor) throw new InvalidDataException($"an HDF5 header message at {cursor} runs past its object header.");
            messages.Add((type, file.Slice(cursor, size).ToArray()));
            cursor += size;
        }
        return messages;
    }

    private static Hdf5Group ReadGroup(ReadOnlySpan<byte> file, List<(byte Type, byte[] Body)> messages, int depth, HashSet<ulong> visited)
    {
        byte[] linkInfo = messages.First(m => m.Type == Hdf5Format.MessageLinkInfo).Body;
        if (linkInfo.Length >= 10)
        {
            int heapAt = (linkInfo[1] & 1) != 0 ? 10 : 2;
            if (heapAt + 8 <= linkInfo.Length && BinaryPrimitives.ReadUInt64LittleEndian(linkInfo.AsSpan(heapAt)) != Hdf5Format.UndefinedAddress)
                throw new InvalidDataException("HDF5 groups whose links are in a fractal heap (dense storage) are not supported.");
        }
        var group = new Hdf5Group();
        foreach (var (type, body) in messages)
        {
            if (type != Hdf5Format.MessageLink) continue;
            var (name, address) = ParseLink(body);
            if (group[name] is not null) throw new InvalidDataException($"an HDF5 group has two links named '{name}'.");
            group.Add(name, ReadNode(file, address, depth + 1, visited));
        }
        return group;
    }

    private static (string Name, ulong Address) ParseLink(byte[] body)
    {
        var r = new SpanCursor(body, "HDF5 link message");
        if (r.Byte() != 1) throw new InvalidDataException("HDF5 link message version is not 1.");
        byte flags = r.Byte();
        if ((flags & 0x08) != 0 && r.Byte() != 0) throw new InvalidDataException("only hard links are supported in HDF5 groups.");
        if ((flags & 0x04) != 0) r.Skip(8);
        if ((flags & 0x10) != 0) r.Skip(1);
        int nameLengthSize = 1 << (flags & 3);
        ulong nameLength = r.Unsigned(nameLengthSize);
        if (nameLength is 0 or > 65535) throw new InvalidDataException($"an HDF5 link name has length {nameLength}.");
        string name = Encoding.UTF8.GetString(r.Bytes((int)nameLength));
        if (name.Contains('/') || name == ".") throw new InvalidDataException($"an HDF5 link is named '{name}'.");
        return (name, r.Unsigned(8));
    }

    private static Hdf5Dataset ReadDataset(ReadOnlySpan<byte> file, List<(byte Type, byte[] Body)> messages)
    {
        byte[] Message(byte type, string what) => messages.FirstOrDefault(m => m.Type == type).Body
            ?? throw new InvalidDataException($"an HDF5 dataset has no {what} message.");
        int[] shape = ParseDataspace(Message(Hdf5Format.MessageDataspace, "dataspace"));
        byte[] type = Message(Hdf5Format.MessageDatatype, "datatype");
        // Version-1 headers pad message bodies to 8 bytes, so the datatype may carry trailing zeros.
        bool isFloat = type.AsSpan().StartsWith(Hdf5Format.Float32Type);
        if (!isFloat && !type.AsSpan().StartsWith(Hdf5Format.Int64Type))
            throw new InvalidDataException("an HDF5 dataset has a datatype other than little-endian float32 or int64.");
        byte[] layoutBody = Message(Hdf5Format.MessageLayout, "data layout");
        var layout = new SpanCursor(layoutBody, "HDF5 data layout message");
        if (layout.Byte() != 3) throw new InvalidDataException("only version-3 HDF5 data layouts are supported.");
        byte layoutClass = layout.Byte();
        if (layoutClass == 0) return CompactDataset(shape, isFloat, layoutBody);
        if (layoutClass != 1) throw new InvalidDataException("chunked HDF5 datasets are not supported (contiguous and compact are).");
        ulong address = layout.Unsigned(8), size = layout.Unsigned(8);
        long count = shape.Aggregate(1L, (p, d) => p * d);
        int elementSize = isFloat ? 4 : 8;
        if (size != (ulong)(count * elementSize)) throw new InvalidDataException($"an HDF5 dataset of shape {ShapeMath.Format(shape)} stores {size} bytes, expected {count * elementSize}.");
        if (count > 0 && (address > (ulong)file.Length || size > (ulong)file.Length - address))
            throw new InvalidDataException("an HDF5 dataset's data lies outside the file (truncated?).");
        return Values(shape, isFloat, count == 0 ? [] : file.Slice((int)address, (int)size));
    }

    /// <summary>A dataset from its raw little-endian bytes.</summary>
    private static Hdf5Dataset Values(int[] shape, bool isFloat, ReadOnlySpan<byte> raw)
    {
        if (isFloat)
        {
            var values = new float[raw.Length / 4];
            for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(4 * i)..]);
            return new Hdf5Dataset(shape, values);
        }
        var longs = new long[raw.Length / 8];
        for (int i = 0; i < longs.Length; i++) longs[i] = BinaryPrimitives.ReadInt64LittleEndian(raw[(8 * i)..]);
        return new Hdf5Dataset(shape, longs);
    }

    private static int[] ParseDataspace(byte[] body)
    {
        var r = new SpanCursor(body, "HDF5 dataspace message");
        byte version = r.Byte();
        if (version is not (1 or 2)) throw new InvalidDataException($"HDF5 dataspace version {version} is not supported.");
        int rank = r.Byte();
        byte flags = r.Byte();
        if (version == 1) r.Skip(5);      // reserved bytes
        else if (r.Byte() == 2) throw new InvalidDataException("HDF5 null dataspaces are not supported.");
        if ((flags & 2) != 0) throw new InvalidDataException("HDF5 dataspace permutations are not supported.");
        if (rank > 32) throw new InvalidDataException($"an HDF5 dataspace has rank {rank}.");
        var shape = new int[rank];
        long count = 1;
        for (int d = 0; d < rank; d++)
        {
            ulong dim = r.Unsigned(8);
            if (dim > int.MaxValue) throw new InvalidDataException($"an HDF5 dimension of {dim} is too large.");
            shape[d] = (int)dim;
            count *= dim == 0 ? 1 : (long)dim;
            if (count > int.MaxValue) throw new InvalidDataException("an HDF5 dataset has more than 2^31 elements.");
        }
        return shape;
    }

    /// <summary>Reads little-endian fields from a message body, failing with a clear message past its end.</summary>
    private ref struct SpanCursor(ReadOnlySpan<byte> body, string what)
    {
        private readonly ReadOnlySpan<byte> _body = body;
        private int _at;

        public ReadOnlySpan<byte> Bytes(int n)
        {
            if (n < 0 || n > _body.Length - _at) throw new InvalidDataException($"the {what} is truncated.");
            ReadOnlySpan<byte> slice = _body.Slice(_at, n);
            _at += n;
            return slice;
        }

        public byte Byte() => Bytes(1)[0];

        public void Skip(int n) => Bytes(n);

        public ulong Unsigned(int size)
        {
            ReadOnlySpan<byte> b = Bytes(size);
            ulong value = 0;
            for (int i = size - 1; i >= 0; i--) value = value << 8 | b[i];
            return value;
        }
    }
}
