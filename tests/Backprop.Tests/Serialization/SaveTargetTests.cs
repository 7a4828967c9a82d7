using Backprop.Layers;

namespace Backprop.Tests.Serialization;

/// <summary>Where a save lands: through symbolic links, never as a zip under an .h5 name, and with the leftovers of killed saves cleaned.</summary>
public sealed class SaveTargetTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bp-target-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Sequential Model(int units) => new(new Input(3), new Dense(units));

    [Fact]
    public void StaleTemporariesOfOursAreRemovedByTheNextSaveButHeldOnesAndOthersAreKept()
    {
        string path = Path.Combine(_folder, "m.keras");
        string stale = Path.Combine(_folder, $".m.keras.{Guid.NewGuid():N}.tmp");
        string held = Path.Combine(_folder, $".m.keras.{Guid.NewGuid():N}.tmp");
        string otherModel = Path.Combine(_folder, $".other.keras.{Guid.NewGuid():N}.tmp");
        string notOurs = Path.Combine(_folder, ".m.keras.notes.tmp");
        foreach (string f in new[] { stale, held, otherModel, notOurs }) File.WriteAllText(f, "x");
        using (new FileStream(held, FileMode.Open, FileAccess.ReadWrite, FileShare.None))   // a save in progress elsewhere
            Model(2).Save(path);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(held));
        Assert.True(File.Exists(otherModel));
        Assert.True(File.Exists(notOurs));
        Assert.Equal(2, ((Dense)Backprop.Model.Load(path).Layers[0]).Units);
    }

    [Fact]
    public void SavingThroughASymbolicLinkWritesItsTargetAndKeepsTheLink()
    {
        string target = Path.Combine(_folder, "real.keras"), link = Path.Combine(_folder, "link.keras");
        Model(2).Save(target);
        File.CreateSymbolicLink(link, target);
        Model(5).Save(link);
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal(5, ((Dense)Backprop.Model.Load(target).Layers[0]).Units);
        Assert.Equal(5, ((Dense)Backprop.Model.Load(link).Layers[0]).Units);
    }

    [Theory]
    [InlineData("m.h5", "legacy")]
    [InlineData("m.hdf5", "legacy")]
    [InlineData("m.zip", "must end in .keras")]
    public void SaveRefusesPathsThatAreNotKerasFiles(string name, string expected)
    {
        string path = Path.Combine(_folder, name);
        var e = Assert.Throws<ArgumentException>(() => Model(2).Save(path));
        Assert.Contains(expected, e.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void SaveWeightsNeedsTheWeightsH5Suffix()
    {
        string path = Path.Combine(_folder, "w.h5");
        Assert.Contains("must end in .weights.h5", Assert.Throws<ArgumentException>(() => Model(2).SaveWeights(path)).Message);
        Assert.False(File.Exists(path));
    }
}
