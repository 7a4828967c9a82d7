using Backprop.Optimizers;

namespace Backprop.Tests.Optimizers;

// Changes the process-wide thread count, so it runs with the other session-state tests, one at a time.
[Collection("Session")]
public class ParallelUpdateTests
{
    public static TheoryData<string> Names() => ["sgd", "rmsprop", "adagrad", "adam", "adamw", "adamax", "nadam", "adadelta", "lion", "ftrl"];

    /// <summary>Large variables are updated in chunks on the worker pool; the result must not depend on the thread count.</summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void UpdatesAreBitIdenticalWithOneAndTwoThreads(string name)
    {
        float[] Train(int threads)
        {
            int before = Utils.NumThreads;
            Utils.NumThreads = threads;
            try
            {
                var random = new Random(7);
                var w = Tensor.FromArray(Enumerable.Range(0, 70_001).Select(_ => (float)random.NextDouble() - 0.5f).ToArray(), 70_001);
                w.RequiresGrad = true;
                Optimizer optimizer = Optimizer.Get(name);
                for (int step = 0; step < 3; step++)
                {
                    w.ZeroGrad();
                    (w * w * w).Sum().Backward();
                    optimizer.Apply([w]);
                }
                return w.ToArray();
            }
            finally { Utils.NumThreads = before; }
        }
        float[] one = Train(1), two = Train(2), again = Train(1);
        Assert.Equal(one, two);
        Assert.Equal(one, again);
    }
}
