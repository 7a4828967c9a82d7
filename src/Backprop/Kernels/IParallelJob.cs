namespace Backprop.Kernels;

/// <summary>Work split into numbered tasks that <see cref="WorkerPool"/> runs on its threads.</summary>
internal interface IParallelJob
{
    void Execute(int task);
}
