using System.Numerics;

namespace Backprop.Serialization.Hdf5;

/// <summary>
/// Bob Jenkins's lookup3 <c>hashlittle</c> with initial value 0: the checksum HDF5 puts at the end of
/// version-2 superblocks and object headers (H5_checksum_lookup3).
/// </summary>
internal static class Lookup3
{
    public static uint Hash(ReadOnlySpan<byte> key)
    {
        uint a, b, c;
        a = b = c = 0xdeadbeef + (uint)key.Length;
        while (key.Length > 12)
        {
            a += Word(key, 0);
            b += Word(key, 4);
            c += Word(key, 8);
            Mix(ref a, ref b, ref c);
            key = key[12..];
        }
        if (key.Length == 0) return c;
        Span<byte> tail = stackalloc byte[12];
        tail.Clear();
        key.CopyTo(tail);   // missing bytes count as zero, exactly as the C switch's fall-through adds nothing for them
        a += Word(tail, 0);
        b += Word(tail, 4);
        c += Word(tail, 8);
        Final(ref a, ref b, ref c);
        return c;
    }

    private static uint Word(ReadOnlySpan<byte> k, int at) => (uint)(k[at] | k[at + 1] << 8 | k[at + 2] << 16 | k[at + 3] << 24);

    private static void Mix(ref uint a, ref uint b, ref uint c)
    {
        a -= c; a ^= BitOperations.RotateLeft(c, 4); c += b;
        b -= a; b ^= BitOperations.RotateLeft(a, 6); a += c;
        c -= b; c ^= BitOperations.RotateLeft(b, 8); b += a;
        a -= c; a ^= BitOperations.RotateLeft(c, 16); c += b;
        b -= a; b ^= BitOperations.RotateLeft(a, 19); a += c;
        c -= b; c ^= BitOperations.RotateLeft(b, 4); b += a;
    }

    private static void Final(ref uint a, ref uint b, ref uint c)
    {
        c ^= b; c -= BitOperations.RotateLeft(b, 14);
        a ^= c; a -= BitOperations.RotateLeft(c, 11);
        b ^= a; b -= BitOperations.RotateLeft(a, 25);
        c ^= b; c -= BitOperations.RotateLeft(b, 16);
        a ^= c; a -= BitOperations.RotateLeft(c, 4);
        b ^= a; b -= BitOperations.RotateLeft(a, 14);
        c ^= b; c -= BitOperations.RotateLeft(b, 24);
    }
}
