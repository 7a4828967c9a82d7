using System.Diagnostics;
using Backprop.Kernels;

namespace Backprop.Bench;

/// <summary>
/// The micro-kernel alone, on panels that are already packed: the ceiling a whole GEMM can reach. Two cases:
/// both panels in L1 (the arithmetic alone), and one A panel against a KC×NC block of B panels streaming from L2
/// (what a GEMM's inner loops do).
/// </summary>
internal static unsafe class KernelCeiling
{
    public static void Print(double peakPerCore)
    {
        Utils.NumThreads = 1;
        var (mr, nr) = Gemm.TileShape;
        const int kc = 256;
        foreach ((string name, int panels) in new[] { ("micro-kernel, A and B panel in L1", 1), ("micro-kernel, B block streamed from L2", 16) })
        {
            float[] a = Enumerable.Range(0, mr * kc).Select(i => (i % 7) * 0.01f).ToArray();
            float[] b = Enumerable.Range(0, panels * nr * kc).Select(i => (i % 5) * 0.01f).ToArray();
            float[] c = new float[mr * nr];
            double flops = 2.0 * mr * nr * kc * panels;
            var samples = new List<double>();
            fixed (float* pa = a, pb = b, pc = c)
            {
                for (int s = 0; s < 31; s++)
                {
                    int reps = 4_000 / panels;
                    var sw = Stopwatch.StartNew();
                    for (int i = 0; i < reps; i++)
                        for (int q = 0; q < panels; q++) Gemm.RunTile(kc, pa, pb + (long)q * nr * kc, pc, nr, 1f, 1f);
                    samples.Add(flops * reps / sw.Elapsed.TotalSeconds / 1e9);
                }
            }
            samples.Sort();
            double g = samples[samples.Count / 2];
            Console.WriteLine($"{name,-46} {g,9:F1} {100 * g / peakPerCore,6:F0}%");
        }
    }
}
