using System.Buffers.Binary;
using System.Text;

namespace Backprop.Serialization.Hdf5;

/// <summary>
/// The older HDF5 layout that h5py — and so Python Keras — writes by default: superblock version 0 or 1, version-1
/// object headers (with continuation blocks), and groups kept in a symbol table (a version-1 B-tree of SNOD nodes
/// whose names live in a local heap). Read-only: Backprop writes the newer layout.
/// </summary>
internal static partial class Hdf5Reader
{
    private const int MaxMessages = 4096;

    private static ulong LegacyRootAddress(ReadOnlySpan<byte> file, byte version)
    {
        int rootEntry = version == 0 ? 56 : 60;
        if (file.Length < rootEntry + 40) throw new InvalidDataException("the HDF5 superblock is truncated.");
        if (file[13] != 8 || file[14] != 8) throw new InvalidDataException($"HDF5 offsets of {file[13]} bytes and lengths of {file[14]} bytes are not supported (8 and 8 are).");
        int baseAt = version == 0 ? 24 : 28;
        if (BinaryPrimitives.ReadUInt64LittleEndian(file[baseAt..]) != 0) throw new InvalidDataException("an HDF5 base address other than 0 is not supported.");
        ulong endOfFile = BinaryPrimitives.ReadUInt64LittleEndian(file[(baseAt + 16)..]);
        if (endOfFile > (ulong)file.Length) throw new InvalidDataException($"the HDF5 file is truncated: {file.Length} bytes, the superblock says {endOfFile}.");
        return BinaryPrimitives.ReadUInt64LittleEndian(file[(rootEntry + 8)..]);
    }

    /// <summary>A version-1 object header: 16 bytes of prefix, then messages (type 2, size 2, flags 1, reserved 3, data
    /// padded to 8 bytes), continued in the blocks that continuation messages point at.</summary>
    private static List<(byte Type, byte[] Body)> ReadObjectHeaderV1(ReadOnlySpan<byte> file, ulong address)
    {
        if (address > (ulong)file.Length - 16) throw new InvalidDataException($"an HDF5 object header address ({address}) lies outside the file.");
        int at = (int)address;
        int count = BinaryPrimitives.ReadUInt16LittleEndian(file[(at + 2)..]);
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(file[(at + 8)..]);
        if (count > MaxMessages) throw new InvalidDataException($"an HDF5 object header claims {count} messages.");
        var messages = new List<(byte, byte[])>();
        var blocks = new Queue<(ulong Start, ulong Length)>();
        blocks.Enqueue((address + 16, size));
        var seenBlocks = new HashSet<ulong>();
        while (blocks.Count > 0 && messages.Count < count)
        {
            var (start, length) = blocks.Dequeue();
            if (!seenBlocks.Add(start)) throw new InvalidDataException("an HDF5 object header continues into itself.");
            if (start > (ulong)file.Length || length > (ulong)file.Length - start) throw new InvalidDataException("an HDF5 object header block lies outside the file.");
            int cursor = (int)start, end = (int)(start + length);
            while (end - cursor >= 8 && messages.Count < count)
            {
                ushort type = BinaryPrimitives.ReadUInt16LittleEndian(file[cursor..]);
                int bodySize = BinaryPrimitives.ReadUInt16LittleEndian(file[(cursor + 2)..]);
                cursor += 8;
                if (bodySize > end - cursor) throw new InvalidDataException($"an HDF5 header message at {cursor} runs past its block.");
                byte[] body = file.Slice(cursor, bodySize).ToArray();
                cursor += bodySize;
                if (type > 0xFF) continue;   // no message type we read is that large
                messages.Add(((byte)type, body));
                if (type == Hdf5Format.MessageContinuation)
                {
                    if (body.Length < 16) throw new InvalidDataException("an HDF5 continuation message is truncated.");
                    blocks.Enqueue((BinaryPrimitives.ReadUInt64LittleEndian(body), BinaryPrimitives.ReadUInt64LittleEndian(body.AsSpan(8))));
                }
            }
        }
        messages.RemoveAll(m => m.Item1 == Hdf5Format.MessageContinuation);
        return messages;
    }

    private static Hdf5Group ReadSymbolTableGroup(ReadOnlySpan<byte> file, List<(byte Type, byte[] Body)> messages, int depth, HashSet<ulong> visited)
    {
        byte[] table = messages.First(m => m.Type == Hdf5Format.MessageSymbolTable).Body;
        if (table.Length < 16) throw new InvalidDataException("an HDF5 symbol table message is truncated.");
        ulong tree = BinaryPrimitives.ReadUInt64LittleEndian(table), heap = BinaryPrimitives.ReadUInt64LittleEndian(table.AsSpan(8));
        (int heapData, int heapSize) = LocalHeap(file, heap);
        var entries = new List<(string Name, ulong Address)>();
        CollectSymbols(file, tree, heapData, heapSize, entries, level: -1, new HashSet<ulong>());
        var group = new Hdf5Group();
        foreach (var (name, address) in entries)
        {
            if (group[name] is not null) throw new InvalidDataException($"an HDF5 group has two links named '{name}'.");
            group.Add(name, ReadNode(file, address, depth + 1, visited));
        }
        return group;
    }

    private static (int Data, int Size) LocalHeap(ReadOnlySpan<byte> file, ulong address)
    {
        if (address > (ulong)file.Length - 32 || !file.Slice((int)address, 4).SequenceEqual("HEAP"u8))
            throw new InvalidDataException($"no HDF5 local heap at {address}.");
        int at = (int)address;
        ulong size = BinaryPrimitives.ReadUInt64LittleEndian(file[(at + 8)..]), data = BinaryPrimitives.ReadUInt64LittleEndian(file[(at + 24)..]);
        if (data > (ulong)file.Length || size > (ulong)file.Length - data) throw new InvalidDataException("an HDF5 local heap lies outside the file.");
        return ((int)data, (int)size);
    }

    /// <summary>Walks a group B-tree (version 1, type 0): inner nodes point at nodes one level down, leaves at SNOD blocks.</summary>
    private static void CollectSymbols(ReadOnlySpan<byte> file, ulong node, int heapData, int heapSize, List<(string, ulong)> entries, int level, HashSet<ulong> seen)
    {
        if (!seen.Add(node)) throw new InvalidDataException("an HDF5 group B-tree revisits a node.");
        if (node > (ulong)file.Length - 24 || !file.Slice((int)node, 4).SequenceEqual("TREE"u8))
            throw new InvalidDataException($"no HDF5 B-tree node at {node}.");
        int at = (int)node;
        if (file[at + 4] != 0) throw new InvalidDataException("an HDF5 group B-tree node is not of the group type.");
        int nodeLevel = file[at + 5], used = BinaryPrimitives.ReadUInt16LittleEndian(file[(at + 6)..]);
        if (level >= 0 && nodeLevel != level) throw new InvalidDataException("an HDF5 B-tree's levels are inconsistent.");
        if (at + 24 + (long)used * 16 + 8 > file.Length) throw new InvalidDataException("an HDF5 B-tree node is truncated.");
        for (int i = 0; i < used; i++)
        {
            ulong child = BinaryPrimitives.ReadUInt64LittleEndian(file[(at + 24 + i * 16 + 8)..]);
            if (nodeLevel > 0) CollectSymbols(file, child, heapData, heapSize, entries, nodeLevel - 1, seen);
            else ReadSymbolNode(file, child, heapData, heapSize, entries);
        }
    }

    private static void ReadSymbolNode(ReadOnlySpan<byte> file, ulong address, int heapData, int heapSize, List<(string, ulong)> entries)
    {
        if (address > (ulong)file.Length - 8 || !file.Slice((int)address, 4).SequenceEqual("SNOD"u8))
            throw new InvalidDataException($"no HDF5 symbol node at {address}.");
        int at = (int)address, symbols = BinaryPrimitives.ReadUInt16LittleEndian(file[(at + 6)..]);
        if (at + 8 + (long)symbols * 40 > file.Length) throw new InvalidDataException("an HDF5 symbol node is truncated.");
        for (int i = 0; i < symbols; i++)
        {
            int entry = at + 8 + i * 40;
            ulong nameOffset = BinaryPrimitives.ReadUInt64LittleEndian(file[entry..]);
            ulong header = BinaryPrimitives.ReadUInt64LittleEndian(file[(entry + 8)..]);
            if (nameOffset >= (ulong)heapSize) throw new InvalidDataException("an HDF5 link name lies outside its heap.");
            ReadOnlySpan<byte> rest = file.Slice(heapData + (int)nameOffset, heapSize - (int)nameOffset);
            int length = rest.IndexOf((byte)0);
            if (length <= 0) throw new InvalidDataException("an HDF5 link name is empty or unterminated.");
            string name = Encoding.UTF8.GetString(rest[..length]);
            if (name.Contains('/') || name == ".") throw new InvalidDataException($"an HDF5 link is named '{name}'.");
            entries.Add((name, header));
        }
    }

    /// <summary>A dataset whose values are stored in its layout message (layout class 0: size, then the bytes).</summary>
    private static Hdf5Dataset CompactDataset(int[] shape, bool isFloat, byte[] layout)
    {
        if (layout.Length < 4) throw new InvalidDataException("an HDF5 compact layout message is truncated.");
        int size = BinaryPrimitives.ReadUInt16LittleEndian(layout.AsSpan(2));
        long count = shape.Aggregate(1L, (p, d) => p * d);
        if (size != count * (isFloat ? 4 : 8) || 4 + size > layout.Length)
            throw new InvalidDataException($"an HDF5 compact dataset of shape {ShapeMath.Format(shape)} stores {size} bytes.");
        return Values(shape, isFloat, layout.AsSpan(4, size));
    }
}
