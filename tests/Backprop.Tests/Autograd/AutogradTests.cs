namespace Backprop.Tests.Autograd;

// In the serial collection: the memory test reads the process-wide heap size, which parallel tests would disturb.
[Collection("Session")]
public class AutogradTests
{
    [Fact]
    public void GradientsAccumulateUntilZeroGrad()
    {
        var x = Tensor.FromArray(new float[] { 2, 3 }, 2);
        x.RequiresGrad = true;
        (x * x).Sum().Backward();
        (x * x).Sum().Backward();
        Assert.Equal(new[] { 8f, 12f }, x.Grad!.ToArray());
        x.ZeroGrad();
        Assert.Equal(new[] { 0f, 0f }, x.Grad!.ToArray());
    }

    [Fact]
    public void TheFusedDenseGradientOverwritesAfterZeroGradAndAccumulatesOtherwise()
    {
        // ZeroGrad only marks the buffers; the dense backward then writes with β = 0. Both paths must agree with a fresh gradient.
        Utils.SetRandomSeed(12);
        var layer = new global::Backprop.Layers.Dense(5, activation: "relu");
        Tensor x = Tensor.RandomNormal([7, 3]);
        layer.Call(x).Sum().Backward();
        float[] kernelOnce = layer.Kernel.Grad!.ToArray(), biasOnce = layer.Bias!.Grad!.ToArray();
        layer.Call(x).Sum().Backward();
        Assert.Equal(kernelOnce.Select(v => 2 * v), layer.Kernel.Grad!.ToArray());
        Assert.Equal(biasOnce.Select(v => 2 * v), layer.Bias.Grad!.ToArray());
        layer.Kernel.ZeroGrad();
        layer.Bias.ZeroGrad();
        layer.Call(x).Sum().Backward();
        Assert.Equal(kernelOnce, layer.Kernel.Grad!.ToArray());
        Assert.Equal(biasOnce, layer.Bias.Grad!.ToArray());
        layer.Kernel.ZeroGrad();
        Assert.All(layer.Kernel.Grad!.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void ATensorUsedTwiceGetsBothContributions()
    {
        var x = Tensor.FromArray(new float[] { 3 }, 1);
        x.RequiresGrad = true;
        Tensor y = x * x + x.Exp() + x;   // dy/dx = 2x + eˣ + 1
        y.Sum().Backward();
        Assert.Equal(2 * 3 + MathF.Exp(3) + 1, x.Grad!.Item(), 3);
    }

    [Fact]
    public void NoGradRecordsNothingAndDetachCutsTheGraph()
    {
        var x = Tensor.FromArray(new float[] { 1, 2 }, 2);
        x.RequiresGrad = true;
        using (Backprop.Autograd.Autograd.NoGrad())
        {
            Tensor y = x * 2f;
            Assert.False(y.RequiresGrad);
        }
        Assert.True((x * 2f).RequiresGrad);
        Tensor z = (x * 2f).Detach() * x;   // only the second factor carries a gradient
        z.Sum().Backward();
        Assert.Equal(new[] { 2f, 4f }, x.Grad!.ToArray());
    }

    [Fact]
    public void NoGradIsPerThread()
    {
        var x = Tensor.Ones(2);
        x.RequiresGrad = true;
        using (Backprop.Autograd.Autograd.NoGrad())
        {
            bool recordedElsewhere = false;
            var thread = new Thread(() => recordedElsewhere = (x * 2f).RequiresGrad);
            thread.Start();
            thread.Join();
            Assert.True(recordedElsewhere);
        }
    }

    [Fact]
    public void BackwardOnNonScalarNamesTheShape()
    {
        var x = Tensor.Ones(2, 3);
        x.RequiresGrad = true;
        var e = Assert.Throws<InvalidOperationException>(() => (x * 2f).Backward());
        Assert.Contains("[2, 3]", e.Message);
    }

    [Fact]
    public void TrainingLoopKeepsMemoryFlatWithoutDispose()
    {
        Utils.SetRandomSeed(1);
        var w = Tensor.RandomNormal([64, 32], 0, 0.1f);
        var x = Tensor.RandomNormal([128, 64]);
        w.RequiresGrad = true;
        void Step()
        {
            Tensor loss = (x.MatMul(w).Relu() - 0.5f).Square().Mean();
            loss.Backward();
            w.ZeroGrad();
        }
        for (int i = 0; i < 50; i++) Step();
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        long before = GC.GetTotalMemory(true);
        for (int i = 0; i < 300; i++) Step();
        long after = GC.GetTotalMemory(true);
        // Each step allocates ~100 KB of intermediates; if graphs or gradients leaked, 300 steps would retain ~30 MB.
        Assert.True(after - before < 1_000_000, $"memory grew by {after - before} bytes over 300 steps");
    }
}
