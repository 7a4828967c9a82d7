using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Backprop.Datasets;
using Backprop.Layers;
using Backprop.Serialization;
using Backprop.Serialization.Hdf5;

namespace Backprop.Tests.Serialization;

/// <summary>
/// Small hostile files that used to cost seconds to minutes and gigabytes: each is refused (or read) within a bounded
/// time and allocation, measured with the GC's per-thread allocation counter.
/// </summary>
public sealed class HostileFileTests : IDisposable
{
    private const long MaxAllocatedBytes = 100L << 20;
    private readonly string _folder = Directory.CreateTempSubdirectory("bp-hostile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static T Bounded<T>(Func<T> load, double seconds = 5)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        T result = load();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < MaxAllocatedBytes, $"allocated {allocated:N0} bytes");
        Assert.True(clock.Elapsed.TotalSeconds < seconds, $"took {clock.Elapsed.TotalSeconds:F2} s");
        return result;
    }

    /// <summary>A saved two-layer model whose entries are then rewritten by <paramref name="rewrite"/>.</summary>
    private string Rewritten(Action<ZipArchive, Dictionary<string, byte[]>> rewrite)
    {
        string original = Path.Combine(_folder, $"{Guid.NewGuid():N}.keras");
        new Sequential(new Input(784), new Dense(2), new Dense(1)).Save(original);
        var entries = new Dictionary<string, byte[]>();
        using (var zip = ZipFile.OpenRead(original))
            foreach (var e in zip.Entries)
            {
                using var s = e.Open();
                using var m = new MemoryStream();
                s.CopyTo(m);
                entries[e.FullName] = m.ToArray();
            }
        string path = Path.Combine(_folder, $"{Guid.NewGuid():N}.keras");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create)) rewrite(zip, entries);
        return path;
    }

    private static void Stored(ZipArchive zip, string name, byte[] content)
    {
        using var s = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        s.Write(content);
    }

    [Fact]
    public void AConfigAskingForAHugeLayerIsRefusedBeforeItsWeightsAreMade()
    {
        string path = Rewritten((zip, entries) =>
        {
            string config = Encoding.UTF8.GetString(entries[KerasArchive.ConfigEntry]);
            Assert.Contains("\"units\":2", config);
            foreach (var (name, bytes) in entries)
                Stored(zip, name, name == KerasArchive.ConfigEntry ? Encoding.UTF8.GetBytes(config.Replace("\"units\":2", "\"units\":1000000")) : bytes);
        });
        var e = Bounded(() => Assert.Throws<ModelFormatException>(() => Model.Load(path)));
        Assert.Contains("[784, 1000000]", e.Message);
        Assert.Contains("the weights file holds at most", e.Message);
    }

    [Fact]
    public void AWeightsEntryThatInflatesAHundredfoldIsABomb()
    {
        string path = Rewritten((zip, entries) =>
        {
            foreach (var (name, bytes) in entries)
            {
                if (name != KerasArchive.WeightsEntry) { Stored(zip, name, bytes); continue; }
                using var s = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                s.Write(bytes);
                var zeros = new byte[1 << 20];
                for (int i = 0; i < 200; i++) s.Write(zeros);   // 200 MB of zeros, a few hundred KB compressed
            }
        });
        Assert.True(new FileInfo(path).Length < 2_000_000);
        var e = Bounded(() => Assert.Throws<ModelFormatException>(() => Model.Load(path)));
        Assert.Contains("decompression bomb", e.Message);
    }

    [Fact]
    public void AHugeConfigIsRefusedUnread()
    {
        string path = Rewritten((zip, entries) =>
        {
            foreach (var (name, bytes) in entries)
            {
                if (name != KerasArchive.ConfigEntry) { Stored(zip, name, bytes); continue; }
                // 9 MB of JSON whitespace before the real config, stored: no bomb, just too big for a config.
                Stored(zip, name, [.. Enumerable.Repeat((byte)' ', 9 << 20), .. bytes]);
            }
        });
        var e = Bounded(() => Assert.Throws<ModelFormatException>(() => Model.Load(path)));
        Assert.Contains("config.json", e.Message);
        Assert.Contains("at most", e.Message);
    }

    [Fact]
    public void AGzipIdxWithAForgedSizeTrailerFailsWithoutAllocatingTheClaimedSize()
    {
        // Header: floats (0x0d), rank 1, 500,000,000 elements (2 GB as floats); 8 bytes of data; ISIZE forged to match.
        byte[] idx = [0, 0, 0x0d, 1, 0x1D, 0xCD, 0x65, 0x00, 1, 2, 3, 4, 5, 6, 7, 8];
        using var packed = new MemoryStream();
        using (var gz = new GZipStream(packed, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(idx);
        byte[] file = packed.ToArray();
        uint declared = unchecked((uint)(8 + 4L * 500_000_000));
        BitConverter.GetBytes(declared).CopyTo(file, file.Length - 4);
        string path = Path.Combine(_folder, "forged.idx.gz");
        File.WriteAllBytes(path, file);
        // The stream ends early, and gzip's own check of the (forged) length fails: either way a format error naming the file.
        var e = Bounded(() => Assert.Throws<IdxFormatException>(() => Idx.Read(path)));
        Assert.Contains("forged.idx.gz", e.Message);
    }

    [Fact]
    public void AWeightsFileWithFortyThousandLinksInOneGroupReadsQuickly()
    {
        var root = new Hdf5Group();
        for (int i = 0; i < 40_000; i++) root.Add($"g{i}", new Hdf5Group());
        byte[] bytes = Hdf5Writer.Write(root);
        Hdf5Group read = Bounded(() => Hdf5Reader.Read(bytes), seconds: 3);
        Assert.Equal(40_000, read.Children.Count);
        Assert.NotNull(read["g39999"]);
    }

    [Fact]
    public void AnNpzOfZerosIsDecodedOnceIntoItsArray()
    {
        // 100,000,000 zero bytes (u1) in a few hundred KB: the array is 400 MB of floats, read straight into it (the
        // chunked read held the chunks and the array at once, twice the data).
        const int count = 100_000_000;
        string path = Path.Combine(_folder, "zeros.npz");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        using (var s = zip.CreateEntry("x.npy", CompressionLevel.SmallestSize).Open())
        {
            string header = $"{{'descr': '|u1', 'fortran_order': False, 'shape': ({count},), }}".PadRight(117) + "\n";
            s.Write([0x93, .. "NUMPY"u8, 1, 0, (byte)header.Length, 0]);
            s.Write(Encoding.Latin1.GetBytes(header));
            var zeros = new byte[1 << 20];
            for (int written = 0; written < count; written += zeros.Length) s.Write(zeros, 0, Math.Min(zeros.Length, count - written));
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        Tensor x = Npy.ReadArchive(path)["x"];
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal([count], x.Shape);
        Assert.True(allocated < 4L * count + MaxAllocatedBytes, $"allocated {allocated:N0} bytes for a {4L * count:N0}-byte array");
    }
}
