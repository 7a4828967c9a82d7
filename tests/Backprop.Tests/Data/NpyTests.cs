using Backprop.Datasets;

namespace Backprop.Tests.Data;

/// <summary>Fixtures/small.npz was written by NumPy itself (make_npz_fixture.py beside it).</summary>
public class NpyTests
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Data", "Fixtures", "small.npz");

    [Fact]
    public void ReadsWhatNumPyWrote()
    {
        IReadOnlyDictionary<string, Tensor> a = Npy.ReadArchive(Fixture);
        Assert.Equal(new[] { 3, 2, 2 }, a["x_train"].Shape);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (float)(i * 20)), a["x_train"].ToArray());
        Assert.Equal(new[] { 1.5f, -2.25f, 3e-5f }, a["f4"].ToArray());
        Assert.Equal(new[] { 0.1f, -7f }, a["f8_big"].ToArray());
        Assert.Equal(new[] { -3f, (float)(1L << 40) }, a["i8"].ToArray());
        Assert.Equal(new[] { -300f, 12f }, a["i2_big"].ToArray());
    }

    [Fact]
    public void MnistLoadsKerasNpzLayout()
    {
        var ((xTrain, yTrain), (xTest, yTest)) = Mnist.LoadData(Fixture);
        Assert.Equal(new[] { 3, 2, 2 }, xTrain.Shape);
        Assert.Equal(new[] { 7f, 0, 9 }, yTrain.ToArray());
        Assert.Equal(new[] { 255f, 1, 2, 3 }, xTest.ToArray());
        Assert.Equal(new[] { 4f }, yTest.ToArray());
    }

    /// <summary>Seeded mutations and truncations of the NumPy-written archive: each reads or fails with FormatException naming the file.</summary>
    [Fact]
    public void MutatedArchivesFailCleanly()
    {
        byte[] original = File.ReadAllBytes(Fixture);
        string dir = Directory.CreateTempSubdirectory("backprop-npz-").FullName;
        var random = new Random(7);
        int rejected = 0;
        try
        {
            for (int trial = 0; trial < 300; trial++)
            {
                byte[] bytes = (byte[])original.Clone();
                if (trial % 3 == 0) bytes = bytes[..random.Next(bytes.Length)];
                else for (int f = 0; f < 1 + random.Next(4); f++) bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                string path = Path.Combine(dir, $"m{trial}.npz");
                File.WriteAllBytes(path, bytes);
                try { Npy.ReadArchive(path); }
                catch (FormatException e)
                {
                    Assert.Contains(path, e.Message);
                    rejected++;
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        Assert.True(rejected >= 100, $"only {rejected} of 300 mutations were rejected");
    }
}
