namespace Backprop.Tests;

[Collection("Session")]
public class RandomSourceTests
{
    private static int[] ShuffleAt(int epoch, long steps)
    {
        RandomSource.BeginEpoch(epoch, steps);
        var order = new int[100];
        RandomSource.Permutation(order);
        return order;
    }

    [Fact]
    public void AnEpochsStreamDependsOnlyOnTheSeedTheEpochAndTheStepCount()
    {
        Utils.SetRandomSeed(3);
        int[] first = ShuffleAt(2, 126);
        RandomSource.NextStandardNormal();   // whatever was drawn in between
        Assert.Equal(first, ShuffleAt(2, 126));
        // Fit(epochs: 1) called in a loop starts every call at epoch 0; the step count keeps the shuffles apart.
        Assert.NotEqual(ShuffleAt(0, 0), ShuffleAt(0, 63));
        Assert.NotEqual(ShuffleAt(1, 63), ShuffleAt(0, 63));
        Utils.SetRandomSeed(4);
        Assert.NotEqual(first, ShuffleAt(2, 126));
        RandomSource.Stream = null;
    }

    private static Sequential DropoutModel()
    {
        var model = new Sequential(new Backprop.Layers.Input(6), new Backprop.Layers.Dense(16, activation: "relu"), new Backprop.Layers.Dropout(0.5f), new Backprop.Layers.Dense(2, activation: "softmax"));
        model.Compile(new Backprop.Optimizers.SGD(0.1f), "categorical_crossentropy");
        return model;
    }

    [Fact]
    public async Task TwoModelsTrainedAtOnceOnTwoThreadsGetWhatTheyGetOneAfterTheOther()
    {
        (Sequential, Sequential, Tensor, Tensor) Setup()
        {
            Utils.SetRandomSeed(11);
            var x = Tensor.RandomNormal([64, 6]);
            var y = Utils.ToCategorical(Tensor.FromArray(Enumerable.Range(0, 64).Select(i => (float)(i % 2)).ToArray(), 64), 2);
            return (DropoutModel(), DropoutModel(), x, y);
        }
        var (a, b, x, y) = Setup();
        a.Fit(x, y, batchSize: 8, epochs: 3, verbose: 0);
        b.Fit(x, y, batchSize: 8, epochs: 3, verbose: 0);
        float[] sequentialA = a.GetWeights()[0].ToArray(), sequentialB = b.GetWeights()[0].ToArray();

        (a, b, x, y) = Setup();
        using var start = new Barrier(2);
        var ta = Task.Run(() => { start.SignalAndWait(); a.Fit(x, y, batchSize: 8, epochs: 3, verbose: 0); });
        var tb = Task.Run(() => { start.SignalAndWait(); b.Fit(x, y, batchSize: 8, epochs: 3, verbose: 0); });
        await Task.WhenAll(ta, tb);
        Assert.Equal(sequentialA, a.GetWeights()[0].ToArray());
        Assert.Equal(sequentialB, b.GetWeights()[0].ToArray());
    }

    /// <summary>The dropout mask's branch-free element is the comparison it replaced, draw ≥ threshold ? 1/(1 − rate) : +0,
    /// at the edges of the comparison and of the threshold's range (rate 0 keeps everything; the largest threshold).</summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.999999)]
    public void TheDropoutMaskElementIsTheComparison(double rate)
    {
        float keep = 1f / (1f - (float)rate);
        uint threshold = (uint)Math.Min(Math.Round((float)rate * 4294967296.0), uint.MaxValue);
        uint[] draws = [0, 1, threshold - 1, threshold, threshold + 1, uint.MaxValue - 1, uint.MaxValue, 0x7FFFFFFF, 0x80000000, 12345678];
        foreach (uint draw in draws)
        {
            float expected = draw >= threshold ? keep : 0f;
            float got = Backprop.Kernels.DropoutJob.MaskValue(draw, threshold, BitConverter.SingleToInt32Bits(keep));
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(got));
        }
    }
}
