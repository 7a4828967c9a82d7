using Backprop.Datasets;

namespace Backprop.Tests.Data;

public class CsvAndUtilsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backprop-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string text)
    {
        string path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void LoadsFeaturesAndLabelsByNameAndIndex()
    {
        string path = Write("a,b,label\n1.5,2,0\n-3,4e-1,1\n");
        CsvTable byName = Csv.Load(path, ["label"]);
        Assert.Equal(new[] { 1.5f, 2, -3, 0.4f }, byName.Features.ToArray());
        Assert.Equal(new[] { 0f, 1 }, byName.Labels!.ToArray());
        Assert.Equal(["a", "b"], byName.FeatureNames);
        CsvTable byIndex = Csv.Load(path, [-1]);
        Assert.Equal(byName.Features.ToArray(), byIndex.Features.ToArray());
        Assert.Equal(["label"], byIndex.LabelNames);
    }

    [Fact]
    public void BadTablesNameTheRowAndColumn()
    {
        Assert.Contains("line 3, column 'b': 'x' is not a number", Assert.Throws<FormatException>(() => Csv.Load(Write("a,b\n1,2\n3,x\n"))).Message);
        Assert.Contains("line 2, column 'a': the value is missing", Assert.Throws<FormatException>(() => Csv.Load(Write("a,b\n,2\n"))).Message);
        Assert.Contains("line 3 has 3 fields, expected 2", Assert.Throws<FormatException>(() => Csv.Load(Write("a,b\n1,2\n3,4,5\n"))).Message);
        Assert.Contains("no column 'y'. Columns: a, b", Assert.Throws<ArgumentException>(() => Csv.Load(Write("a,b\n1,2\n"), ["y"])).Message);
        // Invariant culture: a decimal comma is not a number, whatever the machine's locale.
        Assert.Contains("'1,5'", Assert.Throws<FormatException>(() => Csv.Load(Write("a;b\n1,5;2\n"), separator: ';')).Message);
    }

    [Fact]
    public void NormalizeMatchesKerasL2()
    {
        Tensor n = Utils.Normalize(Tensor.FromArray(new float[] { 3, 4, 0, 0 }, 2, 2));
        Assert.Equal(new[] { 0.6f, 0.8f, 0, 0 }, n.ToArray());
    }

    [Fact]
    public void StandardScalerFitsOnTrainAndAppliesToTest()
    {
        var scaler = new StandardScaler().Fit(Tensor.FromArray(new float[] { 1, 10, 3, 10 }, 2, 2));
        Assert.Equal(new[] { 2f, 10 }, scaler.Mean);
        Assert.Equal(new[] { 1f, 1 }, scaler.Std);   // population std 1; the constant column gets 1
        Assert.Equal(new[] { 3f, 1 }, scaler.Transform(Tensor.FromArray(new float[] { 5, 11 }, 1, 2)).ToArray());
        Assert.Contains("fitted on 2 features", Assert.Throws<ArgumentException>(() => scaler.Transform(Tensor.Zeros(1, 3))).Message);
    }

    [Fact]
    public void TrainTestSplitIsSeededAndStratified()
    {
        var x = Tensor.FromArray(Enumerable.Range(0, 100).Select(i => (float)i).ToArray(), 100, 1);
        var y = Tensor.FromArray(Enumerable.Range(0, 100).Select(i => i < 80 ? 0f : 1f).ToArray(), 100);
        var ((xTrain, yTrain), (xTest, yTest)) = Utils.TrainTestSplit(x, y, 0.25f, seed: 3, stratify: true);
        Assert.Equal(75, xTrain.Dim(0));
        Assert.Equal(25, xTest.Dim(0));
        Assert.Equal(5, yTest.ToArray().Count(v => v == 1));   // 20 of class 1 × 0.25
        Assert.Empty(xTrain.ToArray().Intersect(xTest.ToArray()));
        var again = Utils.TrainTestSplit(x, y, 0.25f, seed: 3, stratify: true);
        Assert.Equal(xTest.ToArray(), again.Test.X.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => Utils.TrainTestSplit(x, y, 0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => Utils.TrainTestSplit(x, y, 1f));
    }

    [Fact]
    public void ShuffleKeepsPairsTogether()
    {
        var x = Tensor.FromArray(Enumerable.Range(0, 10).Select(i => (float)i).ToArray(), 10, 1);
        var (xs, ys) = Utils.Shuffle(x, x * 10f, seed: 1);
        Assert.NotEqual(x.ToArray(), xs.ToArray());
        Assert.Equal(xs.ToArray().Select(v => v * 10), ys.ToArray());
        Assert.Throws<ArgumentException>(() => Utils.Shuffle(x, Tensor.Zeros(9)));
    }
}
