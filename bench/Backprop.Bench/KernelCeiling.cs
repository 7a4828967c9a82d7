using System.Diagnostics;
using Backprop.Kernels;

namespace Backprop.Bench;

/// <summary>
/// The micro-kernel alone, on panels that are already packed: the ceiling a whole GEMM can reach on this machine
/// as it is right now. One A panel against a KC×NC block of B panels streaming from L2 (what a GEMM's inner loops
/// do). Shared machines change speed from minute to minute, so the GEMM cases are also reported as a fraction of
/// this ceiling measured just before each of their samples.
/// </summary>
internal static unsafe class KernelCeiling
{
    private const int Kc = 256, Panels = 16;
    private static float[]? _a, _b, _c;

    /// <summary>Median of <paramref name="samples"/> measurements of about 5 ms each, in GFLOP/s.</summary>
    public static double Measure(int samples)
    {
        var (mr, nr) = Gemm.TileShape;
        _a ??= Enumerable.Range(0, mr * Kc).Select(i => (i % 7) * 0.01f).ToArray();
        _b ??= Enumerable.Range(0, Panels * nr * Kc).Select(i => (i % 5) * 0.01f).ToArray();
        _c ??= new float[mr * nr];
        double flops = 2.0 * mr * nr * Kc * Panels;
        var results = new List<double>();
        fixed (float* pa = _a, pb = _b, pc = _c)
        {
            for (int s = 0; s < samples; s++)
            {
                const int reps = 200;
                var sw = Stopwatch.StartNew();
                for (int i = 0; i < reps; i++)
                    for (int q = 0; q < Panels; q++) Gemm.RunTile(Kc, pa, pb + (long)q * nr * Kc, pc, nr, 1f, 1f);
                results.Add(flops * reps / sw.Elapsed.TotalSeconds / 1e9);
            }
        }
        results.Sort();
        return results[results.Count / 2];
    }
}
