using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Regularizers;

namespace Backprop.Tests.Regularizers;

public class RegularizerTests
{
    [Fact]
    public void KerasFormulasWithoutAHalf()
    {
        var w = Tensor.FromArray(new float[] { 1, -2, 3 }, 3);
        Assert.Equal(0.01f * 6, new L1().Call(w).Item(), 6);
        Assert.Equal(0.01f * 14, new L2().Call(w).Item(), 6);
        Assert.Equal(0.5f * 6 + 0.25f * 14, new L1L2(0.5f, 0.25f).Call(w).Item(), 5);
        Assert.Contains("Known regularizers", Assert.Throws<ArgumentException>(() => Regularizer.Get("l3")).Message);
        // Keras 3's names: "l1l2" is L1L2() with its class defaults 0 and 0; "l1_l2" is not a Keras 3 name.
        var l1l2 = Assert.IsType<L1L2>(Regularizer.Get("l1l2"));
        Assert.Equal((0f, 0f), (l1l2.L1Factor, l1l2.L2Factor));
        Assert.IsType<L1L2>(Regularizer.Get("L1L2"));
        Assert.Equal(0.01f, Assert.IsType<L1>(Regularizer.Get("L1")).Factor);
        Assert.Contains("'l1l2' is L1L2(l1: 0, l2: 0)", Assert.Throws<ArgumentException>(() => Regularizer.Get("l1_l2")).Message);
    }

    [Fact]
    public void PenaltiesJoinTheLossShownAndTheGradient()
    {
        // Zero inputs and targets equal to the bias: the data loss and its gradient are zero, so everything comes from the penalties.
        var layer = new Dense(2, kernelInitializer: "ones", biasInitializer: "ones", kernelRegularizer: new L2(0.1f), biasRegularizer: new L1(0.2f));
        var model = new Sequential(new Input(3), layer);
        model.Compile(new SGD(0.5f), "mse");
        var x = Tensor.Zeros(1, 3);
        var y = Tensor.Ones(1, 2);
        Assert.Equal(0.1f * 6 + 0.2f * 2, model.TestOnBatch(x, y)["loss"], 6);   // 0.1·Σw² + 0.2·Σ|b|
        Assert.Equal(1.0f, model.TrainOnBatch(x, y)["loss"], 6);
        // w ← w − 0.5 · 0.1 · 2w = 0.9w; b ← b − 0.5 · 0.2 · sign(b) = 0.9
        Assert.All(layer.Kernel.ToArray(), v => Assert.Equal(0.9f, v, 6));
        Assert.All(layer.Bias!.ToArray(), v => Assert.Equal(0.9f, v, 6));
    }

    [Fact]
    public void ActivityPenaltiesJoinTheLossDividedByTheBatchSize()
    {
        var model = new Sequential(new Input(2), new ActivityRegularization(l1: 0.1f, l2: 0.5f), new Dense(1, kernelInitializer: "zeros"));
        model.Compile(new SGD(0.1f), "mse");
        var x = Tensor.FromArray(new float[] { 1, 2, -1, 0 }, 2, 2);
        // Keras (layers/layer.py): (0.1·Σ|x| + 0.5·Σx²) over the batch, divided by its size = (0.1·4 + 0.5·6) / 2, plus a zero mse.
        Assert.Equal((0.4f + 3f) / 2, model.TestOnBatch(x, Tensor.Zeros(2, 1))["loss"], 5);
    }

    [Fact]
    public void EvaluateAddsEachBatchsOwnActivityPenalty()
    {
        // 64 samples of [1, 1] in batches of 32: each batch's penalty is 0.1·Σ|x| / 32 = 0.1·64 / 32 = 0.2, and so is the
        // mean over batches (before the division by the batch size, Evaluate added a 256-row forward pass's penalty to each
        // 32-row batch: 12.8 where 6.4 was due).
        var model = new Sequential(new Input(2), new ActivityRegularization(l1: 0.1f), new Dense(1, kernelInitializer: "zeros"));
        model.Compile(new SGD(0.1f), "mse");
        Assert.Equal(0.2f, model.Evaluate(Tensor.Ones(64, 2), Tensor.Zeros(64, 1), batchSize: 32)["loss"], 5);
    }

    [Fact]
    public void ActivityPenaltyOnDenseOutputTrainsItsWeights()
    {
        // Output [2, 2] equals the target, so the data gradient is zero; the penalty 0.5·Σout² has gradient out·x = 2 per kernel entry and 2 per bias entry.
        var layer = new Dense(2, kernelInitializer: "ones") { ActivityRegularizer = new L2(0.5f) };
        var model = new Sequential(new Input(2), layer);
        model.Compile(new SGD(0.1f), "mse");
        Assert.Equal(4f, model.TrainOnBatch(Tensor.Ones(1, 2), Tensor.Full(2f, 1, 2))["loss"], 5);
        Assert.All(layer.Kernel.ToArray(), v => Assert.Equal(0.8f, v, 5));
        Assert.All(layer.Bias!.ToArray(), v => Assert.Equal(-0.2f, v, 5));
    }
}
