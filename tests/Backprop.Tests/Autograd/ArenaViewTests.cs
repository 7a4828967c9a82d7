using Backprop.Layers;
using Backprop.Optimizers;

namespace Backprop.Tests.Autograd;

/// <summary>Reshaped views inside Fit's step arena, which recycles a view with the tensor it views: training through
/// several views of one tensor (two of them in the same shape) gives the weights an eager loop without the arena gives.</summary>
[Collection("Session")]
public class ArenaViewTests
{
    private static Model Views()
    {
        Utils.SetRandomSeed(21);
        var input = new Input([6]);
        SymbolicTensor h = new Dense(6, activation: "tanh").Call(input);
        SymbolicTensor a = new Flatten().Call(new Reshape([2, 3]).Call(h));
        SymbolicTensor b = new Flatten().Call(new Reshape([2, 3]).Call(h));   // the same tensor viewed in the same shape twice in one step
        SymbolicTensor c = new Flatten().Call(new Reshape([3, 2]).Call(h));
        var model = new Model(input, new Dense(1).Call(new Concatenate().Call([a, new Multiply().Call([b, b]), c])));
        model.Compile(new SGD(0.05f), "mse");
        return model;
    }

    [Fact]
    public void FitThroughRecycledViewsMatchesAnEagerLoop()
    {
        Utils.SetRandomSeed(5);
        EagerTraining.AssertFitMatchesEagerLoop(Views, Tensor.RandomNormal([12, 6]), Tensor.RandomNormal([12, 1]), batchSize: 4, epochs: 2);
    }
}
