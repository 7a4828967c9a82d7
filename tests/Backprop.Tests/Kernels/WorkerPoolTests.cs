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

    // Past WorkerPool.GuidedTasks the tasks are taken in shrinking batches: still each exactly once, on both threads,
    // for counts around the switch and far past it; and a failing task still ends the job with its exception.
    [Fact]
    public void ManyTasksRunEachExactlyOnceAndAFailureStillSurfaces()
    {
        int before = Utils.NumThreads;
        try
        {
            Utils.NumThreads = 2;
            foreach (int tasks in new[] { 255, 256, 257, 1291, 7211 })
            {
                var job = new ThreadRecorder(tasks);
                WorkerPool.Run(job, tasks);
                Assert.All(job.Done, d => Assert.Equal(1, d));
            }
            var failing = new FailingJob(failAt: 900);
            var error = Assert.Throws<AggregateException>(() => WorkerPool.Run(failing, 2000));
            Assert.Contains("task 900 failed", error.InnerException!.Message);
            var after = new ThreadRecorder(300);
            WorkerPool.Run(after, 300);   // the pool still works
            Assert.All(after.Done, d => Assert.Equal(1, d));
        }
        finally { Utils.NumThreads = before; }
    }

    private sealed class FailingJob(int failAt) : IParallelJob
    {
        public int Ran;

        public void Execute(int task)
        {
            if (task == failAt) throw new InvalidOperationException($"task {task} failed");
            Interlocked.Increment(ref Ran);
            Thread.SpinWait(200);
        }
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
