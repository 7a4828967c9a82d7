using System.Text;
using System.Text.Json;
using Backprop.Serialization.Hdf5;

namespace Backprop.Tests.Serialization;

public class Hdf5Tests
{
    // Values printed by the driver in Bob Jenkins's lookup3.c (driver5): hashlittle with initval 0.
    [Theory]
    [InlineData("", 0xdeadbeefu)]
    [InlineData("Four score and seven years ago", 0x17770551u)]
    public void Lookup3MatchesTheReferenceDriver(string text, uint expected) =>
        Assert.Equal(expected, Lookup3.Hash(Encoding.ASCII.GetBytes(text)));

    private static Hdf5Group SampleTree()
    {
        var root = new Hdf5Group();
        root.Subgroup("layers/dense/vars").Add("0", new Hdf5Dataset([3, 2], [1f, -2f, 3.5f, float.Epsilon, -0f, 1e30f]));
        root.Subgroup("layers/dense/vars").Add("1", new Hdf5Dataset([2], [0.25f, -0.125f]));
        root.Subgroup("layers/dropout/vars");
        root.Subgroup("optimizer/vars").Add("0", new Hdf5Dataset([], [123456789012L]));
        root.Subgroup("vars");
        return root;
    }

    [Fact]
    public void WhatIsWrittenReadsBackTheSame()
    {
        Hdf5Group back = Hdf5Reader.Read(Hdf5Writer.Write(SampleTree()));
        var kernel = (Hdf5Dataset)back.Subgroup("layers/dense/vars")["0"]!;
        Assert.Equal([3, 2], kernel.Shape);
        Assert.Equal([1f, -2f, 3.5f, float.Epsilon, -0f, 1e30f], kernel.Floats!);
        Assert.Empty(back.Subgroup("layers/dropout/vars").Children);
        var iterations = (Hdf5Dataset)back.Subgroup("optimizer/vars")["0"]!;
        Assert.Empty(iterations.Shape);
        Assert.Equal([123456789012L], iterations.Longs!);
    }

    [SkippableFact]
    public void H5pyReadsWhatWeWrite()
    {
        SystemPython.Require("h5py", "python3-h5py");
        string path = Path.Combine(Path.GetTempPath(), $"bp-h5-{Guid.NewGuid():N}.h5");
        File.WriteAllBytes(path, Hdf5Writer.Write(SampleTree()));
        try
        {
            const string script = """
                import h5py, json, sys
                out = {}
                with h5py.File(sys.argv[1], "r") as f:
                    def visit(name, obj):
                        if isinstance(obj, h5py.Dataset):
                            out[name] = {"shape": list(obj.shape), "dtype": str(obj.dtype), "values": obj[()].ravel().tolist() if obj.shape else [obj[()].item()]}
                        else:
                            out[name] = "group"
                    f.visititems(visit)
                print(json.dumps(out))
                """;
            using var json = JsonDocument.Parse(SystemPython.RunChecked(script, path));
            JsonElement all = json.RootElement;
            JsonElement kernel = all.GetProperty("layers/dense/vars/0");
            Assert.Equal("float32", kernel.GetProperty("dtype").GetString());
            Assert.Equal([3, 2], kernel.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
            Assert.Equal([1f, -2f, 3.5f, float.Epsilon, -0f, 1e30f], kernel.GetProperty("values").EnumerateArray().Select(e => (float)e.GetDouble()));
            Assert.Equal("int64", all.GetProperty("optimizer/vars/0").GetProperty("dtype").GetString());
            Assert.Equal(123456789012L, all.GetProperty("optimizer/vars/0").GetProperty("values")[0].GetInt64());
            Assert.Equal("group", all.GetProperty("layers/dropout/vars").GetString());
            Assert.Equal("group", all.GetProperty("vars").GetString());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void AnUnknownSuperblockVersionIsRefusedClearly()
    {
        byte[] bytes = Hdf5Writer.Write(SampleTree());
        bytes[8] = 7;
        var error = Assert.Throws<InvalidDataException>(() => Hdf5Reader.Read(bytes));
        Assert.Contains("superblock version 7", error.Message);
    }

    /// <summary>h5py's default layout (what Python Keras writes): superblock 0, version-1 object headers, symbol-table
    /// groups. 300 datasets in one group make a two-level B-tree of many SNOD blocks; 40 attributes push the header into
    /// continuation blocks.</summary>
    private static byte[] H5pyFile(string folder)
    {
        SystemPython.Require("h5py", "python3-h5py");
        string path = Path.Combine(folder, $"h5py-{Guid.NewGuid():N}.h5");
        const string script = """
            import h5py, numpy as np, sys
            with h5py.File(sys.argv[1], "w") as f:
                f.create_dataset("layers/dense/vars/0", data=np.arange(12, dtype=np.float32).reshape(3, 4) / 8)
                f.create_dataset("layers/dense/vars/1", data=np.array([-1.5, 2.25, 0, 7], dtype=np.float32))
                f.create_group("layers/dropout/vars")
                f.create_dataset("optimizer/vars/0", data=np.int64(4242))
                many = f.create_group("many")
                for i in range(300):
                    many.create_dataset(str(i), data=np.full((2,), i, dtype=np.float32))
                for i in range(40):
                    many.attrs[f"note{i}"] = "x" * 40
                f.create_group("vars")
            """;
        SystemPython.RunChecked(script, path);
        try { return File.ReadAllBytes(path); }
        finally { File.Delete(path); }
    }

    [SkippableFact]
    public void ReadsWhatH5pyWritesByDefault()
    {
        byte[] bytes = H5pyFile(Path.GetTempPath());
        Assert.Equal(0, bytes[8]);   // superblock version 0: the legacy layout is what is being read
        Hdf5Group root = Hdf5Reader.Read(bytes);
        var kernel = (Hdf5Dataset)root.Subgroup("layers/dense/vars")["0"]!;
        Assert.Equal([3, 4], kernel.Shape);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i / 8f), kernel.Floats!);
        Assert.Equal([-1.5f, 2.25f, 0f, 7f], ((Hdf5Dataset)root.Subgroup("layers/dense/vars")["1"]!).Floats!);
        Assert.Empty(root.Subgroup("layers/dropout/vars").Children);
        Assert.Equal([4242L], ((Hdf5Dataset)root.Subgroup("optimizer/vars")["0"]!).Longs!);
        Hdf5Group many = root.Subgroup("many");
        Assert.Equal(300, many.Children.Count);
        for (int i = 0; i < 300; i++) Assert.Equal([i, i], ((Hdf5Dataset)many[i.ToString()]!).Floats!);
    }

    [SkippableFact]
    public void MutatedH5pyFilesGiveOnlyInvalidDataExceptions()
    {
        byte[] bytes = H5pyFile(Path.GetTempPath());
        var random = new Random(9);
        int refused = 0;
        for (int trial = 0; trial < 400; trial++)
        {
            byte[] copy = (byte[])bytes.Clone();
            if (trial % 4 == 0) copy = copy[..random.Next(copy.Length)];
            else for (int k = 0; k < 1 + trial % 3; k++) copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
            try { Hdf5Reader.Read(copy); }
            catch (InvalidDataException) { refused++; }
        }
        Assert.True(refused > 50, $"only {refused} of 400 mutations were refused");
    }

    [Fact]
    public void EveryTruncationAndEveryFlippedByteIsAnInvalidDataException()
    {
        byte[] bytes = Hdf5Writer.Write(SampleTree());
        for (int length = 0; length < bytes.Length; length++)
            Assert.Throws<InvalidDataException>(() => Hdf5Reader.Read(bytes.AsSpan(0, length)));
        // A flipped bit in the raw values just changes a value; anywhere else a checksum or a check catches it. Nothing else may escape.
        var random = new Random(5);
        for (int trial = 0; trial < 500; trial++)
        {
            byte[] copy = (byte[])bytes.Clone();
            int at = random.Next(copy.Length);
            copy[at] ^= (byte)(1 << random.Next(8));
            try { Hdf5Reader.Read(copy); }
            catch (InvalidDataException) { }
        }
    }
}
