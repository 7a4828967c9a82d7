namespace Backprop.Tests;

// Serial: one test replays the global seeded generator, which a parallel test could advance in between.
[Collection("Session")]
public class TensorTests
{
    [Fact]
    public void CreationShapeAndIndexing()
    {
        var t = Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(new[] { 2, 3 }, t.Shape);
        Assert.Equal(2, t.Rank);
        Assert.Equal(6, t.Size);
        Assert.Equal(6f, t[1, 2]);
        t[0, 1] = 9;
        Assert.Equal(new[] { 1f, 9, 3, 4, 5, 6 }, t.ToArray());
        Assert.Equal(new[] { 7f, 7, 7, 7 }, Tensor.Full(7, 2, 2).ToArray());
        Assert.All(Tensor.Zeros(3).ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void ReshapeInfersAndSharesStorage()
    {
        var t = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        Tensor r = t.Reshape(-1, 2);
        Assert.Equal(new[] { 3, 2 }, r.Shape);
        r[0, 0] = 42;
        Assert.Equal(42f, t[0, 0]);
    }

    [Fact]
    public void RowsAreZeroCopyViews()
    {
        var t = Tensor.FromArray(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), 4, 3);
        Tensor rows = t.Rows(1, 2);
        Assert.Equal(new[] { 2, 3 }, rows.Shape);
        Assert.Equal(new[] { 3f, 4, 5, 6, 7, 8 }, rows.ToArray());
        rows[0, 0] = -1;
        Assert.Equal(-1f, t[1, 0]);
        Assert.Equal(new[] { 8f, 21 }, rows.Sum(1).ToArray());
    }

    [Fact]
    public void TransposeAndArgMax()
    {
        var t = Tensor.FromArray(new float[] { 1, 5, 3, 9, 2, 4 }, 2, 3);
        Assert.Equal(new[] { 1f, 9, 5, 2, 3, 4 }, t.Transpose().ToArray());
        Assert.Equal(new[] { 1f, 0 }, t.ArgMax(1).ToArray());
        Assert.Equal(new[] { 1f, 0, 1 }, t.ArgMax(0).ToArray());
    }

    [Fact]
    public void SeededRandomIsRepeatable()
    {
        Utils.SetRandomSeed(5);
        float[] a = Tensor.RandomUniform([100], -1, 1).ToArray();
        Utils.SetRandomSeed(5);
        float[] b = Tensor.RandomUniform([100], -1, 1).ToArray();
        Assert.Equal(a, b);
        Assert.All(a, v => Assert.InRange(v, -1f, 1f));
        Utils.SetRandomSeed(5);
        float[] n = Tensor.RandomNormal([20000], 2, 3).ToArray();
        Assert.Equal(2.0, n.Average(), 1);
        Assert.Equal(3.0, Math.Sqrt(n.Select(v => (v - n.Average()) * (v - n.Average())).Average()), 1);
    }

    [Fact]
    public void ToStringPrintsShapeAndElidesLargeTensors()
    {
        var small = Tensor.FromArray(new float[] { 1, 2.5f, 3, 4 }, 2, 2);
        Assert.Equal("Tensor shape=[2, 2] [[1, 2.5],\n" + new string(' ', 20) + "[3, 4]]", small.ToString());
        string big = Tensor.Zeros(2000).ToString();
        Assert.StartsWith("Tensor shape=[2000] [0, 0, 0, ..., 0, 0, 0]", big);
    }

    [Fact]
    public void BadInputGivesClearErrors()
    {
        var a = Tensor.Zeros(2, 3);
        var b = Tensor.Zeros(4, 5);
        Assert.Contains("[2, 3] and [4, 5]", Assert.Throws<ArgumentException>(() => a.MatMul(b)).Message);
        Assert.Contains("[2, 3] and [4, 5]", Assert.Throws<ArgumentException>(() => a + b).Message);
        Assert.Contains("6 elements into [4, 2]", Assert.Throws<ArgumentException>(() => a.Reshape(4, 2)).Message);
        Assert.Contains("Index 3 is out of range for axis 1 of size 3", Assert.Throws<IndexOutOfRangeException>(() => a[0, 3]).Message);
        Assert.Contains("Expected 2 indices", Assert.Throws<ArgumentException>(() => a[0]).Message);
        Assert.Contains("shape is empty", Assert.Throws<ArgumentException>(() => Tensor.Zeros()).Message);
        Assert.Contains("non-negative", Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, -1)).Message);
    }
}
