namespace Backprop.Kernels;

/// <summary>The kernels the ops call. Typed as the sealed <see cref="CpuKernels"/>, so the calls compile to direct
/// (inlinable) calls; a second backend would change this one declaration to <see cref="IKernels"/> and choose at start-up.</summary>
internal static class KernelBackend
{
    public static readonly CpuKernels Current = new();
}
