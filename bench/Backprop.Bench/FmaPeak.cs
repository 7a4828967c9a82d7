using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Backprop.Kernels;

namespace Backprop.Bench;

/// <summary>
/// The FMA peak this machine reaches right now, measured rather than computed from a clock: twelve independent chains of
/// fused multiply-adds in registers (two FMA units × four cycles of latency need eight in flight), on the vector width the
/// GEMM uses, on one thread and then on every core at once. A peak computed from /proc/cpuinfo's nominal clock is wrong on
/// CPUs that boost (an EPYC's 2.45 GHz base runs near 3.5 GHz, where the micro-kernel printed "111% of peak") and on cores
/// that share a physical core's FMA units.
/// </summary>
internal static class FmaPeak
{
    private const int Iterations = 2_000_000;

    /// <summary>The best of <paramref name="samples"/> runs on each of <paramref name="threads"/> threads started together,
    /// in GFLOP/s summed over the threads.</summary>
    public static double Measure(int threads, int samples = 7)
    {
        double best = 0;
        for (int s = 0; s < samples; s++)
        {
            var seconds = new double[threads];
            using var start = new Barrier(threads);
            var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
            {
                start.SignalAndWait();
                var sw = Stopwatch.StartNew();
                float sink = Chains(Iterations, 1f + t * 1e-9f);
                seconds[t] = sw.Elapsed.TotalSeconds;
                if (sink == 42f) Console.Write("");   // keeps the result alive
            })).ToList();
            workers.ForEach(w => w.Start());
            workers.ForEach(w => w.Join());
            double flopsPerThread = 2.0 * 12 * Lanes * Iterations;
            best = Math.Max(best, seconds.Sum(t => flopsPerThread / t) / 1e9);
        }
        return best;
    }

    private static int Lanes => Gemm.Isa switch { GemmIsa.Avx512 => 16, GemmIsa.Avx2Fma => 8, _ => 4 };

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains(int iterations, float seed) => Gemm.Isa switch
    {
        GemmIsa.Avx512 => Chains512(iterations, seed),
        GemmIsa.Avx2Fma => Chains256(iterations, seed),
        _ => Chains128(iterations, seed),
    };

    // Multiplying by a factor just under 1 and adding a small term keeps every chain finite for any iteration count.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains512(int iterations, float seed)
    {
        Vector512<float> x = Vector512.Create(0.999999f), y = Vector512.Create(1e-7f);
        Vector512<float> c0 = Vector512.Create(seed), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        Vector512<float> c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (int i = 0; i < iterations; i++)
        {
            c0 = Avx512F.FusedMultiplyAdd(c0, x, y); c1 = Avx512F.FusedMultiplyAdd(c1, x, y);
            c2 = Avx512F.FusedMultiplyAdd(c2, x, y); c3 = Avx512F.FusedMultiplyAdd(c3, x, y);
            c4 = Avx512F.FusedMultiplyAdd(c4, x, y); c5 = Avx512F.FusedMultiplyAdd(c5, x, y);
            c6 = Avx512F.FusedMultiplyAdd(c6, x, y); c7 = Avx512F.FusedMultiplyAdd(c7, x, y);
            c8 = Avx512F.FusedMultiplyAdd(c8, x, y); c9 = Avx512F.FusedMultiplyAdd(c9, x, y);
            c10 = Avx512F.FusedMultiplyAdd(c10, x, y); c11 = Avx512F.FusedMultiplyAdd(c11, x, y);
        }
        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains256(int iterations, float seed)
    {
        Vector256<float> x = Vector256.Create(0.999999f), y = Vector256.Create(1e-7f);
        Vector256<float> c0 = Vector256.Create(seed), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        Vector256<float> c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (int i = 0; i < iterations; i++)
        {
            c0 = Fma.MultiplyAdd(c0, x, y); c1 = Fma.MultiplyAdd(c1, x, y);
            c2 = Fma.MultiplyAdd(c2, x, y); c3 = Fma.MultiplyAdd(c3, x, y);
            c4 = Fma.MultiplyAdd(c4, x, y); c5 = Fma.MultiplyAdd(c5, x, y);
            c6 = Fma.MultiplyAdd(c6, x, y); c7 = Fma.MultiplyAdd(c7, x, y);
            c8 = Fma.MultiplyAdd(c8, x, y); c9 = Fma.MultiplyAdd(c9, x, y);
            c10 = Fma.MultiplyAdd(c10, x, y); c11 = Fma.MultiplyAdd(c11, x, y);
        }
        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    // Without FMA the portable kernel's multiply and add are separate instructions: count each pair as one FMA's two flops.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains128(int iterations, float seed)
    {
        Vector128<float> x = Vector128.Create(0.999999f), y = Vector128.Create(1e-7f);
        Vector128<float> c0 = Vector128.Create(seed), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        Vector128<float> c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (int i = 0; i < iterations; i++)
        {
            c0 = c0 * x + y; c1 = c1 * x + y; c2 = c2 * x + y; c3 = c3 * x + y; c4 = c4 * x + y; c5 = c5 * x + y;
            c6 = c6 * x + y; c7 = c7 * x + y; c8 = c8 * x + y; c9 = c9 * x + y; c10 = c10 * x + y; c11 = c11 * x + y;
        }
        return Vector128.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }
}
