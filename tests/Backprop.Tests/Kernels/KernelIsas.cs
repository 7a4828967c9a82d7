using System.Runtime.Intrinsics.X86;
using Backprop.Kernels;

namespace Backprop.Tests.Kernels;

/// <summary>Every kernel set this CPU can run, for theories that test each one directly.</summary>
public static class KernelIsas
{
    public static TheoryData<GemmIsa> All()
    {
        var isas = new TheoryData<GemmIsa> { GemmIsa.Portable128 };
        if (Avx2.IsSupported && Fma.IsSupported) isas.Add(GemmIsa.Avx2Fma);
        if (Avx512F.IsSupported) isas.Add(GemmIsa.Avx512);
        return isas;
    }
}
