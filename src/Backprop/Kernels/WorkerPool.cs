using System.Runtime.CompilerServices;

namespace Backprop.Kernels;

/// <summary>
/// One persistent pool of worker threads for the compute kernels (not a Parallel.For per call:
/// waking parked threads is cheaper than scheduling work items, and a GEMM of an MLP step is
/// only tens of microseconds). Workers spin briefly after a job, then sleep; a job wakes and waits for only the
/// workers it uses, each through its own signal, so workers started for a larger thread count cost nothing once the
/// count is lowered, and when there are more threads than cores the workers do not spin at all (a spinning worker
/// would take the core from the thread that has the work).
/// The thread count comes from <c>BACKPROP_NUM_THREADS</c>, else <see cref="Environment.ProcessorCount"/>,
/// and can be changed in code with <see cref="ThreadCount"/>.
/// The pool's methods skip tiered compilation: a worker's loop is entered once and never returns, so
/// tier-0 code (and its on-stack replacement) would otherwise run for hundreds of training steps.
/// </summary>
internal static class WorkerPool
{
    private static readonly object RunLock = new();
    private static readonly List<WorkerSignal> Workers = [];
    private static int _threadCount = InitialThreadCount();
    private static IParallelJob? _job;
    private static int _taskCount;
    private static int _nextTask;
    private static int _busyWorkers;
    private static int _runThreads;

    /// <summary>From this many tasks a job's tasks are taken in guided batches (see <see cref="DrainTasks"/>).</summary>
    private const int GuidedTasks = 256;
    private static Exception? _failure;

    /// <summary>One worker's wake-up: the count of jobs it was given, and the monitor it sleeps on.</summary>
    private sealed class WorkerSignal
    {
        public long Generation;
    }
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
            _runThreads = threads;
            _failure = null;
            Volatile.Write(ref _busyWorkers, threads - 1);
            for (int w = 0; w < threads - 1; w++)
            {
                WorkerSignal signal = Workers[w];
                lock (signal)
                {
                    signal.Generation++;
                    Monitor.Pulse(signal);
                }
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
            // Many tasks (a convolution's GEMM has one per 12 output positions: 1,291 for keras-io's second) are taken
            // guided: each grab a quarter of this thread's fair share of what is left, down to one task; an atomic
            // increment per task on a line both cores write cost more than some of the tasks. Fewer (an MLP's products,
            // at most a few dozen) are taken one at a time as before: guided grabs gave them nothing measurable.
            int threads = Math.Max(1, _runThreads), taskCount = _taskCount;
            if (taskCount < GuidedTasks)
            {
                int t;
                while ((t = Interlocked.Increment(ref _nextTask) - 1) < taskCount) job.Execute(t);
                return;
            }
            while (true)
            {
                int start = Volatile.Read(ref _nextTask), remaining = taskCount - start;
                if (remaining <= 0) break;
                int grab = Math.Max(1, remaining / (4 * threads));
                if (Interlocked.CompareExchange(ref _nextTask, start + grab, start) != start) continue;
                for (int t = start; t < start + grab; t++) job.Execute(t);
            }
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
            var signal = new WorkerSignal();
            var thread = new Thread(() => WorkerLoop(signal)) { IsBackground = true, Name = $"backprop-worker-{Workers.Count}" };
            Workers.Add(signal);
            thread.Start();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WorkerLoop(WorkerSignal signal)
    {
        long seen = 0;
        while (true)
        {
            // Spin a little (a training step's next GEMM comes within microseconds) unless the pool has more threads
            // than cores, then sleep on this worker's own signal.
            int spinLimit = _threadCount <= Environment.ProcessorCount ? 4000 : 0;
            for (int spins = 0; Volatile.Read(ref signal.Generation) == seen && spins < spinLimit; spins++) Thread.SpinWait(30);
            lock (signal)
                while (signal.Generation == seen) Monitor.Wait(signal);
            seen = signal.Generation;
            DrainTasks();
            Interlocked.Decrement(ref _busyWorkers);
        }
    }
}
