using System.Runtime.CompilerServices;

namespace Backprop.Kernels;

/// <summary>
/// One persistent pool of worker threads for the compute kernels (not a Parallel.For per call:
/// waking parked threads is cheaper than scheduling work items, and a GEMM of an MLP step is
/// only tens of microseconds). Workers spin briefly after a job, then sleep.
/// The thread count comes from <c>BACKPROP_NUM_THREADS</c>, else <see cref="Environment.ProcessorCount"/>,
/// and can be changed in code with <see cref="ThreadCount"/>.
/// The pool's methods skip tiered compilation: a worker's loop is entered once and never returns, so
/// tier-0 code (and its on-stack replacement) would otherwise run for hundreds of training steps.
/// </summary>
internal static class WorkerPool
{
    private static readonly object RunLock = new();
    private static readonly object Gate = new();
    private static readonly List<Thread> Workers = [];
    private static int _threadCount = InitialThreadCount();
    private static IParallelJob? _job;
    private static int _taskCount;
    private static int _nextTask;
    private static int _busyWorkers;
    private static int _participants;
    private static long _generation;
    private static Exception? _failure;
    [ThreadStatic] private static bool _insideJob;

    /// <summary>Threads used by kernels, the calling thread included (at least 1).</summary>
    public static int ThreadCount
    {
        get => _threadCount;
        set
        {
            if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), $"The thread count must be at least 1, got {value}.");
            _threadCount = value;
        }
    }

    private static int InitialThreadCount()
    {
        string? env = Environment.GetEnvironmentVariable("BACKPROP_NUM_THREADS");
        if (int.TryParse(env, out int n) && n >= 1) return n;
        return Math.Max(1, Environment.ProcessorCount);
    }

    /// <summary>Runs tasks 0..taskCount-1 of <paramref name="job"/> on the pool and the calling thread; returns when all are done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(IParallelJob job, int taskCount)
    {
        int threads = Math.Min(_threadCount, taskCount);
        if (threads <= 1 || _insideJob || !Monitor.TryEnter(RunLock))
        {
            for (int t = 0; t < taskCount; t++) job.Execute(t);
            return;
        }
        try
        {
            EnsureWorkers(threads - 1);
            _job = job;
            _taskCount = taskCount;
            _nextTask = 0;
            _failure = null;
            _participants = threads - 1;
            Volatile.Write(ref _busyWorkers, Workers.Count);
            lock (Gate)
            {
                _generation++;
                Monitor.PulseAll(Gate);
            }
            DrainTasks();
            var spinner = new SpinWait();
            while (Volatile.Read(ref _busyWorkers) != 0) spinner.SpinOnce(sleep1Threshold: -1);
            _job = null;
            if (_failure is not null) throw new AggregateException("A parallel kernel task failed.", _failure);
        }
        finally
        {
            Monitor.Exit(RunLock);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DrainTasks()
    {
        IParallelJob job = _job!;
        _insideJob = true;
        try
        {
            int t;
            while ((t = Interlocked.Increment(ref _nextTask) - 1) < _taskCount) job.Execute(t);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _failure, e, null);
            Volatile.Write(ref _nextTask, _taskCount);
        }
        finally
        {
            _insideJob = false;
        }
    }

    private static void EnsureWorkers(int count)
    {
        while (Workers.Count < count)
        {
            int index = Workers.Count;
            // The worker must start from the generation before this job's, or it would skip the job and never check in.
            long seen = _generation;
            var thread = new Thread(() => WorkerLoop(index, seen)) { IsBackground = true, Name = $"backprop-worker-{index}" };
            Workers.Add(thread);
            thread.Start();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WorkerLoop(int index, long seen)
    {
        while (true)
        {
            int spins = 0;
            while (Volatile.Read(ref _generation) == seen)
            {
                if (++spins < 4000) Thread.SpinWait(30);
                else
                {
                    lock (Gate)
                        while (_generation == seen) Monitor.Wait(Gate);
                }
            }
            seen = Volatile.Read(ref _generation);
            if (index < _participants) DrainTasks();
            Interlocked.Decrement(ref _busyWorkers);
        }
    }
}
