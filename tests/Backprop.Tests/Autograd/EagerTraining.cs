namespace Backprop.Tests.Autograd;

/// <summary>Fit against the same steps written out eagerly, outside the step arena: whatever the arena recycles (buffers,
/// views, nodes) must leave the weights bit for bit where the eager loop leaves them.</summary>
internal static class EagerTraining
{
    public static void AssertFitMatchesEagerLoop(Func<Model> make, Tensor x, Tensor y, int batchSize, int epochs)
    {
        Model fitted = make();
        fitted.Fit(x, y, batchSize: batchSize, epochs: epochs, shuffle: false, verbose: 0);
        Model eager = make();
        for (int epoch = 0; epoch < epochs; epoch++)
            for (int start = 0; start < x.Dim(0); start += batchSize)
            {
                int rows = Math.Min(batchSize, x.Dim(0) - start);
                foreach (Tensor w in eager.TrainableWeights) w.ZeroGrad();
                eager.Loss!.Call(y.Rows(start, rows), eager.Call(x.Rows(start, rows), training: true)).Backward();
                eager.Optimizer!.Apply(eager.TrainableWeights);
            }
        for (int i = 0; i < fitted.Weights.Count; i++) Assert.Equal(eager.Weights[i].ToArray(), fitted.Weights[i].ToArray());
    }
}
