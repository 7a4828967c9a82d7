using System.IO.Compression;
using System.Security.Cryptography;
using Backprop.Datasets;

namespace Backprop.Tests.Data;

// Serial: one test times a read, which parallel tests on two cores would distort.
[Collection("Session")]
public class IdxTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backprop-idx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<IdxElementType, bool> Types()
    {
        var data = new TheoryData<IdxElementType, bool>();
        foreach (IdxElementType type in Enum.GetValues<IdxElementType>())
        {
            data.Add(type, false);
            data.Add(type, true);
        }
        return data;
    }

    [Theory, MemberData(nameof(Types))]
    public void WriteThenReadRoundTrips(IdxElementType type, bool gzip)
    {
        float[] values = type switch
        {
            IdxElementType.UByte => [0, 1, 127, 255, 42, 7],
            IdxElementType.SByte => [-128, -1, 0, 1, 127, 5],
            IdxElementType.Short => [-32768, -2, 0, 300, 32767, 9],
            IdxElementType.Int => [-2_000_000_000, -1, 0, 1, 16_777_216, 70000],
            _ => [-1.5f, 0, 3.25f, 1e-20f, 123456.7f, float.MaxValue],
        };
        string path = Path.Combine(_dir, $"t-{type}-{gzip}.idx");
        Idx.Write(path, Tensor.FromArray(values, 2, 3), type, gzip);
        byte[] head = File.ReadAllBytes(path)[..2];
        Assert.Equal(gzip, head[0] == 0x1f && head[1] == 0x8b);
        Tensor back = Idx.Read(path);
        Assert.Equal(new[] { 2, 3 }, back.Shape);
        Assert.Equal(values, back.ToArray());
    }

    [Fact]
    public void WritingAValueThatDoesNotFitIsAnError() =>
        Assert.Contains("not an integer in [0, 255]", Assert.Throws<ArgumentException>(() => Idx.Write(Path.Combine(_dir, "x"), Tensor.FromArray(new float[] { 256 }, 1), IdxElementType.UByte)).Message);

    [Fact]
    public void HeaderClaimingHugeSizeIsRejectedBeforeAllocating()
    {
        // 10⁶ × 10⁶ elements claimed by a 20-byte file.
        byte[] header = [0, 0, 0x08, 2, 0, 0x0F, 0x42, 0x40, 0, 0x0F, 0x42, 0x40, 1, 2, 3, 4];
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<IdxFormatException>(() => Idx.Read(new MemoryStream(header), "huge.idx"));
        Assert.Contains("huge.idx", e.Message);
        Assert.Contains("claims 1000000000000 elements", e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 10_000_000);
    }

    [Fact]
    public void SpecificErrorsForSpecificDamage()
    {
        byte[] good = Build([2, 2], [1, 2, 3, 4]);
        Assert.Contains("ends early", Read(good[..^1]).Message);
        Assert.Contains("bytes after", Read([.. good, 9]).Message);
        Assert.Contains("unknown IDX element type 0x07", Read([0, 0, 7, 1, 0, 0, 0, 1, 5]).Message);
        Assert.Contains("not an IDX file", Read([1, 0, 8, 1, 0, 0, 0, 1, 5]).Message);
        Assert.Contains("inside the header", Read([0, 0, 8, 2, 0, 0]).Message);
        Assert.Contains("too short", Read([0]).Message);
        Assert.Contains("at least one dimension", Read([0, 0, 8, 0]).Message);
        byte[] gz = Gzip(good);
        Assert.Contains("corrupt gzip", Read([.. gz[..10], .. Enumerable.Repeat((byte)0xFF, 20)]).Message);
        Assert.Throws<FileNotFoundException>(() => Idx.Read(Path.Combine(_dir, "missing.idx")));
    }

    private static IdxFormatException Read(byte[] bytes) => Assert.Throws<IdxFormatException>(() => Idx.Read(new MemoryStream(bytes), "test.idx"));

    private static byte[] Build(int[] dims, byte[] data)
    {
        var bytes = new List<byte> { 0, 0, 0x08, (byte)dims.Length };
        foreach (int d in dims) bytes.AddRange([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    private static byte[] Gzip(byte[] raw)
    {
        var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(raw);
        return output.ToArray();
    }

    /// <summary>Seeded fuzzing: hundreds of truncated and bit-flipped files, raw and gzip. Each either reads
    /// (a flip in the data bytes is still a valid file) or throws IdxFormatException; nothing else escapes, nothing hangs.</summary>
    [Fact]
    public void MutatedAndTruncatedFilesFailCleanly()
    {
        var random = new Random(20261126);
        byte[] raw = Build([3, 4, 5], Enumerable.Range(0, 60).Select(i => (byte)i).ToArray());
        byte[] gz = Gzip(raw);
        int rejected = 0;
        for (int trial = 0; trial < 600; trial++)
        {
            byte[] source = trial % 2 == 0 ? raw : gz;
            byte[] mutated = (byte[])source.Clone();
            if (trial % 3 == 0) mutated = mutated[..random.Next(mutated.Length)];
            else
                for (int f = 0; f < 1 + random.Next(3); f++) mutated[random.Next(mutated.Length)] ^= (byte)(1 << random.Next(8));
            try
            {
                Tensor t = Idx.Read(new MemoryStream(mutated), $"mutation {trial}");
                Assert.True(t.Size <= 1 << 24);
            }
            catch (IdxFormatException e)
            {
                Assert.Contains($"mutation {trial}", e.Message);
                rejected++;
            }
        }
        Assert.True(rejected > 300, $"only {rejected} of 600 mutations were rejected");
    }

    /// <summary>The same from files: Read(path) trusts the header only when the file length (raw) or gzip's ISIZE agrees,
    /// and allocates the whole tensor up front then; a mutated header or trailer must still fail cleanly.</summary>
    [Fact]
    public void MutatedFilesOnDiskFailCleanlyToo()
    {
        var random = new Random(11);
        byte[] raw = Build([3, 4, 5], Enumerable.Range(0, 60).Select(i => (byte)i).ToArray());
        byte[] gz = Gzip(raw);
        string path = Path.Combine(_dir, "mutant.idx");
        int rejected = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            byte[] mutated = (byte[])(trial % 2 == 0 ? raw : gz).Clone();
            if (trial % 3 == 0) mutated = mutated[..random.Next(mutated.Length)];
            else mutated[random.Next(mutated.Length)] ^= (byte)(1 << random.Next(8));
            File.WriteAllBytes(path, mutated);
            try { Assert.True(Idx.Read(path).Size <= 1 << 24); }
            catch (IdxFormatException e)
            {
                Assert.Contains(path, e.Message);
                rejected++;
            }
        }
        Assert.True(rejected > 100, $"only {rejected} of 300 mutations were rejected");
        File.WriteAllBytes(path, gz);
        Assert.Equal(Idx.Read(new MemoryStream(gz)).ToArray(), Idx.Read(path).ToArray());
    }

    [Fact]
    public void ReadBytesGivesTheSameValuesAsReadAsBytes()
    {
        byte[] data = Enumerable.Range(0, 24).Select(i => (byte)(i * 11)).ToArray();
        byte[] raw = Build([2, 3, 4], data);
        foreach (bool gzip in new[] { false, true })
        {
            byte[] file = gzip ? Gzip(raw) : raw;
            string path = Path.Combine(_dir, $"bytes-{gzip}.idx");
            File.WriteAllBytes(path, file);
            foreach (ByteImages images in new[] { Idx.ReadBytes(path), Idx.ReadBytes(new MemoryStream(file)) })
            {
                Assert.Equal(new[] { 2, 3, 4 }, images.Shape);
                Assert.Equal(data, images.Pixels);
                Assert.Equal(Idx.Read(path).ToArray(), images.ToTensor().ToArray());
            }
        }
    }

    [Fact]
    public void ReadBytesRefusesOtherElementTypesAndDamage()
    {
        string path = Path.Combine(_dir, "short.idx");
        Idx.Write(path, Tensor.FromArray(new float[] { 1, 2, 3 }, 3), IdxElementType.Short);
        var e = Assert.Throws<IdxFormatException>(() => Idx.ReadBytes(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("Short elements (type 0x0b)", e.Message);
        Assert.Contains("unsigned bytes (0x08)", e.Message);
        byte[] good = Build([2, 2], [1, 2, 3, 4]);
        Assert.Contains("ends early", Assert.Throws<IdxFormatException>(() => Idx.ReadBytes(new MemoryStream(good[..^1]), "cut.idx")).Message);
        Assert.Contains("bytes after", Assert.Throws<IdxFormatException>(() => Idx.ReadBytes(new MemoryStream([.. good, 9]), "long.idx")).Message);
        Assert.Throws<FileNotFoundException>(() => Idx.ReadBytes(Path.Combine(_dir, "missing.idx")));
    }

    [Fact]
    public void ReadingSixtyThousandImagesIsFast()
    {
        string path = Path.Combine(_dir, "big.idx.gz");
        var random = new Random(1);
        var pixels = new float[60000 * 784];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = random.Next(4) == 0 ? random.Next(256) : 0;
        Idx.Write(path, Tensor.FromArray(pixels, 60000, 28, 28), IdxElementType.UByte, gzip: true);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Tensor read = Idx.Read(path);
        Assert.Equal(new[] { 60000, 28, 28 }, read.Shape);
        Assert.Equal(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(pixels.AsSpan())),
            SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(read.ToArray().AsSpan())));
        // Not a benchmark: a generous bound that catches an accidental quadratic or per-byte-allocation path.
        Assert.True(clock.Elapsed.TotalSeconds < 5, $"reading took {clock.Elapsed.TotalSeconds:F2} s");
    }
}
