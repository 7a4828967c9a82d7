namespace Backprop.Tests;

/// <summary>Compound assignment (x /= 255f) changes the tensor's own elements, as NumPy and PyTorch's in-place ops do.</summary>
public class TensorInPlaceTests
{
    [Fact]
    public void ScalarOperatorsChangeTheElementsOfTheSameTensor()
    {
        var x = Tensor.FromArray([0f, 51f, 255f, -10f], 2, 2);
        Tensor same = x;
        Tensor view = x.Reshape(4);
        x /= 255f;
        Assert.Same(same, x);
        Assert.Equal([0f, 0.2f, 1f, -10f / 255f], x.ToArray());
        Assert.Equal(x.ToArray(), view.ToArray());
        x *= 10f;
        x += 1f;
        x -= 3f;
        Assert.Equal([0f * 10 + 1 - 3, 2f + 1 - 3, 10f + 1 - 3, -100f / 255f + 1 - 3], x.ToArray(), new FloatComparer(1e-6f));
    }

    [Fact]
    public void TheBinaryOperatorStillReturnsANewTensor()
    {
        var x = Tensor.FromArray([2f, 4f], 2);
        Tensor y = x / 2f;
        Assert.NotSame(x, y);
        Assert.Equal([2f, 4f], x.ToArray());
    }

    [Fact]
    public void TensorOperandBroadcastsToThisShape()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        x -= Tensor.FromArray([1f, 1f, 1f, 2f, 2f, 2f], 2, 3);
        Assert.Equal([0f, 1f, 2f, 2f, 3f, 4f], x.ToArray());
        x += Tensor.FromArray([10f, 20f, 30f], 3);
        Assert.Equal([10f, 21f, 32f, 12f, 23f, 34f], x.ToArray());
        x *= Tensor.FromArray([2f, 0.5f], 2, 1);
        Assert.Equal([20f, 42f, 64f, 6f, 11.5f, 17f], x.ToArray());
        x /= Tensor.Scalar(2f);
        Assert.Equal([10f, 21f, 32f, 3f, 5.75f, 8.5f], x.ToArray());
    }

    [Fact]
    public void AnOperandThatWouldChangeTheShapeIsRefusedAndNothingChanges()
    {
        var x = Tensor.FromArray([1f, 2f, 3f], 3);
        var grow = Assert.Throws<ArgumentException>(() => x += Tensor.Ones(2, 3));
        Assert.Contains("[3]", grow.Message);
        Assert.Contains("[2, 3]", grow.Message);
        var clash = Assert.Throws<ArgumentException>(() => x += Tensor.Ones(2));
        Assert.Contains("cannot be broadcast", clash.Message);
        Assert.Equal([1f, 2f, 3f], x.ToArray());
    }

    [Fact]
    public void OverlappingViewsGiveTheResultOfACopy()
    {
        // NumPy's guarantee for x[1:4] += x[0:3]: as if the right-hand side were copied first.
        var x = Tensor.FromArray([1f, 1f, 2f, 2f, 3f, 3f, 4f, 4f], 4, 2);
        Tensor target = x.Rows(1, 3);
        target += x.Rows(0, 3);
        Assert.Equal([1f, 1f, 3f, 3f, 5f, 5f, 7f, 7f], x.ToArray());
        x += x;
        Assert.Equal([2f, 2f, 6f, 6f, 10f, 10f, 14f, 14f], x.ToArray());
    }

    [Fact]
    public void WeightsThatRequireGradientsChangeOnlyInsideNoGrad()
    {
        var w = Tensor.FromArray([1f, 2f], 2);
        w.RequiresGrad = true;
        (w * w).Sum().Backward();
        var refused = Assert.Throws<InvalidOperationException>(() => w -= 0.1f * w.Grad!);
        Assert.Contains("NoGrad", refused.Message);
        Assert.Equal([1f, 2f], w.ToArray());
        using (Backprop.Autograd.Autograd.NoGrad()) w -= 0.1f * w.Grad!;   // gradient descent, PyTorch style
        Assert.Equal([1f - 0.2f, 2f - 0.4f], w.ToArray());
        Assert.True(w.RequiresGrad);
    }

    [Fact]
    public void TheResultOfARecordedOperationIsRefused()
    {
        var w = Tensor.FromArray([3f], 1);
        w.RequiresGrad = true;
        Tensor y = w * 2f;
        using (Backprop.Autograd.Autograd.NoGrad())
            Assert.Throws<InvalidOperationException>(() => y /= 2f);
        Assert.Equal([6f], y.ToArray());
    }

    private sealed class FloatComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(float value) => 0;
    }
}
