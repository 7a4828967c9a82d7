using System.Diagnostics;
using System.IO.Compression;
using Backprop.Datasets;
using Backprop.Layers;
using Backprop.Serialization;

namespace Backprop.Tests.Serialization;

/// <summary>
/// Every file loader on 500 seeded random corruptions of a valid file (bytes flipped, truncated, extended):
/// each either loads or throws the loader's own format exception, never another exception type, and the whole batch
/// stays within a bound on time and allocated memory.
/// </summary>
public sealed class LoaderFuzzTests : IDisposable
{
    private const int Mutations = 500;
    private readonly string _folder = Directory.CreateTempSubdirectory("bp-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static byte[] Mutate(byte[] original, Random random)
    {
        byte[] b = (byte[])original.Clone();
        switch (random.Next(4))
        {
            case 0:
                for (int i = 0, n = random.Next(1, 8); i < n; i++) b[random.Next(b.Length)] = (byte)random.Next(256);
                return b;
            case 1:
                return b[..random.Next(b.Length)];
            case 2:
                int at = random.Next(b.Length);
                b[at] ^= (byte)(1 << random.Next(8));
                return b;
            default:
                byte[] extra = new byte[random.Next(1, 64)];
                random.NextBytes(extra);
                return [.. b, .. extra];
        }
    }

    private void Fuzz(string name, byte[] valid, Action<string> load, params Type[] allowed)
    {
        var random = new Random(name.Length * 7919);
        string path = Path.Combine(_folder, name);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Mutations; i++)
        {
            File.WriteAllBytes(path, Mutate(valid, random));
            try { load(path); }
            catch (Exception e) when (allowed.Any(t => t.IsInstanceOfType(e))) { }
            catch (Exception e)
            {
                Assert.Fail($"mutation {i} of {name}: {e.GetType().Name} escaped the loader: {e.Message}");
            }
        }
        Assert.True(clock.Elapsed.TotalSeconds < 20, $"{Mutations} loads took {clock.Elapsed.TotalSeconds:F1} s");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < Mutations * (8L << 20), $"{Mutations} loads allocated {allocated:N0} bytes");
    }

    [Fact]
    public void KerasFiles()
    {
        string good = Path.Combine(_folder, "good.keras");
        var model = new Sequential(new Input(6), new Dense(4, activation: "relu"), new Dense(2, activation: "softmax"));
        model.Compile("adam", "categorical_crossentropy", ["accuracy"]);
        model.Fit(Tensor.Ones(4, 6), Tensor.FromArray(new float[,] { { 1, 0 }, { 0, 1 }, { 1, 0 }, { 0, 1 } }), verbose: 0);
        model.Save(good);
        Fuzz("m.keras", File.ReadAllBytes(good), p => Model.Load(p), typeof(ModelFormatException));
    }

    [Fact]
    public void WeightsFiles()
    {
        string good = Path.Combine(_folder, "good.weights.h5");
        var model = new Sequential(new Input(6), new Dense(4), new Dense(2));
        model.SaveWeights(good);
        Fuzz("m.weights.h5", File.ReadAllBytes(good), p => new Sequential(new Input(6), new Dense(4), new Dense(2)).LoadWeights(p), typeof(ModelFormatException));
    }

    private static byte[] IdxBytes()
    {
        byte[] raw = [0, 0, 0x08, 3, 0, 0, 0, 4, 0, 0, 0, 3, 0, 0, 0, 2, .. Enumerable.Range(0, 24).Select(i => (byte)(i * 9))];
        using var packed = new MemoryStream();
        using (var gz = new GZipStream(packed, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(raw);
        return packed.ToArray();
    }

    [Fact]
    public void IdxFiles()
    {
        Fuzz("x.idx.gz", IdxBytes(), p => Idx.Read(p), typeof(IdxFormatException));
        Fuzz("y.idx.gz", IdxBytes(), p => Idx.ReadBytes(p), typeof(IdxFormatException));
    }

    [Fact]
    public void NpzFiles()
    {
        string good = Path.Combine(_folder, "good.npz");
        using (var zip = ZipFile.Open(good, ZipArchiveMode.Create))
        using (var s = zip.CreateEntry("x_train.npy").Open())
        {
            string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }".PadRight(117) + "\n";
            s.Write([0x93, .. "NUMPY"u8, 1, 0, (byte)header.Length, 0]);
            s.Write(System.Text.Encoding.Latin1.GetBytes(header));
            foreach (float v in new[] { 1f, 2, 3, 4, 5, 6 }) s.Write(BitConverter.GetBytes(v));
        }
        Fuzz("m.npz", File.ReadAllBytes(good), p => Npy.ReadArchive(p), typeof(FormatException));
    }

    [Fact]
    public void CsvFiles()
    {
        byte[] good = System.Text.Encoding.UTF8.GetBytes("a,b,label\n1.5,2,0\n3,-4e-2,1\n5,6,2\n");
        Fuzz("t.csv", good, p => Csv.Load(p, ["label"]), typeof(FormatException), typeof(ArgumentException));
    }
}
