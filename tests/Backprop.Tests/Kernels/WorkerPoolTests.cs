using System.Collections.Concurrent;
using Backprop.Kernels;

namespace Backprop.Tests.Kernels;

/// <summary>The pool after its thread count is raised and lowered: only the workers a job uses run it, and results stay the same.</summary>
[Collection("Session")]
public class WorkerPoolTests
{
    private sealed class ThreadRecorder(int tasks) : IParallelJob
    {
        public readonly ConcurrentDictionary<int, int> TaskThreads = new();
        public readonly int[] Done = new int[tasks];

        public void Execute(int task)
        {
            TaskThreads[task] = Environment.CurrentManagedThreadId;
            Interlocked.Increment(ref Done[task]);
        }
    }

    [Fact]
    public void AfterRaisingAndLoweringTheCountAJobUsesOnlyTheThreadsItIsAllowed()
    {
        int before = Utils.NumThreads;
        try
        {
            Utils.NumThreads = 24;
            var wide = new ThreadRecorder(240);
            WorkerPool.Run(wide, 240);
            Assert.All(wide.Done, d => Assert.Equal(1, d));
            Utils.NumThreads = 2;
            for (int round = 0; round < 50; round++)
            {
                var narrow = new ThreadRecorder(64);
                WorkerPool.Run(narrow, 64);
                Assert.All(narrow.Done, d => Assert.Equal(1, d));
                Assert.InRange(narrow.TaskThreads.Values.Distinct().Count(), 1, 2);
            }
        }
        finally { Utils.NumThreads = before; }
    }

    [Fact]
    public void ProductsAreBitIdenticalAcrossThreadCountChanges()
    {
        int before = Utils.NumThreads;
        try
        {
            Utils.SetRandomSeed(2);
            Tensor a = Tensor.RandomNormal([300, 200]), b = Tensor.RandomNormal([200, 150]);
            Utils.NumThreads = 2;
            float[] reference = a.MatMul(b).ToArray();
            Utils.NumThreads = 32;
            Assert.Equal(reference, a.MatMul(b).ToArray());
            Utils.NumThreads = 2;
            Assert.Equal(reference, a.MatMul(b).ToArray());
        }
        finally { Utils.NumThreads = before; }
    }
}
