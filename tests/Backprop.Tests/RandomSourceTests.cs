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
        RandomSource.Generator.Next();   // whatever was drawn in between
        Assert.Equal(first, ShuffleAt(2, 126));
        // Fit(epochs: 1) called in a loop starts every call at epoch 0; the step count keeps the shuffles apart.
        Assert.NotEqual(ShuffleAt(0, 0), ShuffleAt(0, 63));
        Assert.NotEqual(ShuffleAt(1, 63), ShuffleAt(0, 63));
        Utils.SetRandomSeed(4);
        Assert.NotEqual(first, ShuffleAt(2, 126));
    }
}
