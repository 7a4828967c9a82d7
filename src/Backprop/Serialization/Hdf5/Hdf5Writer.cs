using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Backprop.Serialization.Hdf5;

/// <summary>
/// Writes an <see cref="Hdf5Group"/> tree as an HDF5 file (the subset described in <see cref="Hdf5Format"/>).
/// Children are written before their parents so that every address is known when a header refers to it;
/// the superblock, written last at offset 0, points at the root group.
/// </summary>
internal static class Hdf5Writer
{
    public static byte[] Write(Hdf5Group root)
    {
        var file = new List<byte>(Hdf5Format.SuperblockSize);
        file.AddRange(new byte[Hdf5Format.SuperblockSize]);
        ulong rootAddress = WriteNode(file, root);
        byte[] bytes = file.ToArray();
        WriteSuperblock(bytes, rootAddress, (ulong)bytes.Length);
        return bytes;
    }

    private static void WriteSuperblock(byte[] bytes, ulong rootAddress, ulong endOfFile)
    {
        Span<byte> s = bytes.AsSpan(0, Hdf5Format.SuperblockSize);
        Hdf5Format.Signature.CopyTo(s);
        s[8] = 2;   // superblock version
        s[9] = 8;   // size of offsets
        s[10] = 8;  // size of lengths
        s[11] = 0;  // file consistency flags
        BinaryPrimitives.WriteUInt64LittleEndian(s[12..], 0);                             // base address
        BinaryPrimitives.WriteUInt64LittleEndian(s[20..], Hdf5Format.UndefinedAddress);   // no superblock extension
        BinaryPrimitives.WriteUInt64LittleEndian(s[28..], endOfFile);
        BinaryPrimitives.WriteUInt64LittleEndian(s[36..], rootAddress);
        BinaryPrimitives.WriteUInt32LittleEndian(s[44..], Lookup3.Hash(s[..44]));
    }

    private static ulong WriteNode(List<byte> file, Hdf5Node node) => node switch
    {
        Hdf5Group group => WriteGroup(file, group),
        Hdf5Dataset dataset => WriteDataset(file, dataset),
        _ => throw new ArgumentException($"Unknown HDF5 node {node.GetType().Name}."),
    };

    private static ulong WriteGroup(List<byte> file, Hdf5Group group)
    {
        var addresses = group.Children.Select(c => (c.Key, Address: WriteNode(file, c.Value))).ToList();
        var messages = new List<(byte Type, byte[] Body)>();
        var linkInfo = new byte[18];   // version 0, flags 0, no fractal heap, no name index: every link is in this header
        BinaryPrimitives.WriteUInt64LittleEndian(linkInfo.AsSpan(2), Hdf5Format.UndefinedAddress);
        BinaryPrimitives.WriteUInt64LittleEndian(linkInfo.AsSpan(10), Hdf5Format.UndefinedAddress);
        messages.Add((Hdf5Format.MessageLinkInfo, linkInfo));
        messages.Add((Hdf5Format.MessageGroupInfo, [0, 0]));
        foreach (var (name, address) in addresses)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(name);
            if (utf8.Length > 255) throw new ArgumentException($"HDF5 link name '{name}' is longer than 255 bytes.");
            var link = new byte[4 + utf8.Length + 8];
            link[0] = 1;        // version
            link[1] = 0x10;     // one-byte name length, hard link, character-set field present
            link[2] = 1;        // UTF-8
            link[3] = (byte)utf8.Length;
            utf8.CopyTo(link, 4);
            BinaryPrimitives.WriteUInt64LittleEndian(link.AsSpan(4 + utf8.Length), address);
            messages.Add((Hdf5Format.MessageLink, link));
        }
        return WriteObjectHeader(file, messages);
    }

    private static ulong WriteDataset(List<byte> file, Hdf5Dataset dataset)
    {
        ReadOnlySpan<byte> raw = dataset.Floats is { } f ? MemoryMarshal.AsBytes(f.AsSpan()) : MemoryMarshal.AsBytes(dataset.Longs.AsSpan());
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Writing HDF5 needs a little-endian machine.");
        ulong dataAddress = raw.Length == 0 ? Hdf5Format.UndefinedAddress : (ulong)file.Count;
        foreach (byte b in raw) file.Add(b);

        int rank = dataset.Shape.Length;
        var dataspace = new byte[4 + 8 * rank];
        dataspace[0] = 2;                          // version
        dataspace[1] = (byte)rank;
        dataspace[2] = 0;                          // no maximum dimensions
        dataspace[3] = (byte)(rank == 0 ? 0 : 1);  // scalar or simple
        for (int d = 0; d < rank; d++) BinaryPrimitives.WriteUInt64LittleEndian(dataspace.AsSpan(4 + 8 * d), (ulong)dataset.Shape[d]);

        var layout = new byte[18];
        layout[0] = 3;   // version
        layout[1] = 1;   // contiguous
        BinaryPrimitives.WriteUInt64LittleEndian(layout.AsSpan(2), dataAddress);
        BinaryPrimitives.WriteUInt64LittleEndian(layout.AsSpan(10), (ulong)raw.Length);

        byte[] datatype = (dataset.Floats is not null ? Hdf5Format.Float32Type : Hdf5Format.Int64Type).ToArray();
        // Fill value version 3: allocation early, fill written never, no value defined — the data is always there.
        byte[] fill = [3, 0x01 | 1 << 2];
        return WriteObjectHeader(file, [(Hdf5Format.MessageDataspace, dataspace), (Hdf5Format.MessageDatatype, datatype),
            (Hdf5Format.MessageFillValue, fill), (Hdf5Format.MessageLayout, layout)]);
    }

    private static ulong WriteObjectHeader(List<byte> file, IReadOnlyList<(byte Type, byte[] Body)> messages)
    {
        int chunkSize = messages.Sum(m => 4 + m.Body.Length);
        var header = new byte[4 + 1 + 1 + 4 + chunkSize + 4];
        Hdf5Format.ObjectHeaderSignature.CopyTo(header);
        header[4] = 2;      // version
        header[5] = 0x02;   // chunk #0 size stored in 4 bytes; no times, no attribute phase values
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(6), (uint)chunkSize);
        int at = 10;
        foreach (var (type, body) in messages)
        {
            if (body.Length > ushort.MaxValue) throw new ArgumentException("An HDF5 header message is larger than 65535 bytes.");
            header[at] = type;
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(at + 1), (ushort)body.Length);
            header[at + 3] = 0;   // message flags
            body.CopyTo(header, at + 4);
            at += 4 + body.Length;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(at), Lookup3.Hash(header.AsSpan(0, at)));
        ulong address = (ulong)file.Count;
        file.AddRange(header);
        return address;
    }
}
