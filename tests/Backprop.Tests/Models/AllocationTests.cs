using Backprop.Layers;

namespace Backprop.Tests.Models;

/// <summary>The steady state of Fit recycles every tensor of a step (TensorArena): what remains per step is the
/// tape's small objects (nodes, closures) and the logs dictionary handed to callbacks.</summary>
[Collection("Session")]
public class AllocationTests
{
    [Fact]
    public void SteadyStateFitAllocatesUnder16KilobytesPerStep()
    {
        Utils.SetRandomSeed(1);
        var x = Tensor.RandomUniform([128 * 50, 784]);
        var y = Utils.ToCategorical(Tensor.FromArray(Enumerable.Range(0, 128 * 50).Select(i => (float)(i % 10)).ToArray(), 128 * 50), 10);
        var model = new Sequential(new Input(784), new Dense(512, activation: "relu"), new Dense(10, activation: "softmax"));
        model.Compile("rmsprop", "categorical_crossentropy", ["accuracy"]);
        model.Fit(x, y, batchSize: 128, epochs: 1, verbose: 0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        model.Fit(x, y, batchSize: 128, epochs: 4, verbose: 0);
        long perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / 200;
        // Without the arena a step allocated about 1 MB (activations, gradients) on this model.
        Assert.True(perStep < 16_384, $"{perStep} bytes per step");
    }
}
