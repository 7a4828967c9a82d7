using Backprop.Layers;

namespace Backprop.Tests.Models;

/// <summary>The steady state of Fit recycles every tensor of a step, storage and objects, and the backward nodes of
/// the ops a step of the lecture's network runs (TensorArena): what remains per step is a few shape arrays and the
/// metric's detached view.</summary>
[Collection("Session")]
public class AllocationTests
{
    [Fact]
    public void SteadyStateFitAllocatesAtMostOneKilobytePerStep()
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
        // Without the arena a step allocated about 1 MB (activations, gradients) on this model; with recycled storage
        // but new tensor objects, nodes and closures, 2.8 KB. The benchmark's target is 1 KB.
        Assert.True(perStep <= 1024, $"{perStep} bytes per step");
    }

    /// <summary>An epoch's last, smaller batch and the validation pass each keep their own arena lane: before that,
    /// they replaced every buffer of the full-size steps twice per epoch (~2 MB per epoch on the lecture's network).</summary>
    [Fact]
    public void APartialLastBatchAndValidationDoNotReallocateTheStepBuffers()
    {
        Utils.SetRandomSeed(2);
        int n = 128 * 20 + 96;   // 20 full batches and a last one of 96
        var x = Tensor.RandomUniform([n, 784]);
        var y = Utils.ToCategorical(Tensor.FromArray(Enumerable.Range(0, n).Select(i => (float)(i % 10)).ToArray(), n), 10);
        var model = new Sequential(new Input(784), new Dense(512, activation: "relu"), new Dense(10, activation: "softmax"));
        model.Compile("rmsprop", "categorical_crossentropy", ["accuracy"]);
        var validation = (x.Rows(0, 300), y.Rows(0, 300));
        model.Fit(x, y, batchSize: 128, epochs: 1, verbose: 0, validationData: validation);
        long before = GC.GetAllocatedBytesForCurrentThread();
        model.Fit(x, y, batchSize: 128, epochs: 4, verbose: 0, validationData: validation);
        long perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / (4 * 21);
        // Measured 3.3 KB per step when written (the tape's small objects and the logs); reallocating the buffers
        // (a 128×512 activation alone is 256 KB) would put it far above the bound.
        Assert.True(perStep < 24_000, $"{perStep} bytes per step");
    }
}
