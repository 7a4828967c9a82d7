using System.Diagnostics;
using System.Text.Json;
using Backprop.Kernels;

namespace Backprop.Bench;

/// <summary>GFLOP/s of our GEMM on the three products of a Dense(784→512) training step at batch 128, the 256-row forward
/// product of inference (Evaluate and Predict run 256 rows at a time), and 1024³.</summary>
internal static class GemmScenario
{
    private sealed record Case(string Name, bool TransA, bool TransB, int M, int N, int K);

    public static int Run(string[] args)
    {
        Case[] cases =
        [
            new("forward X·W 128x784·784x512", false, false, 128, 512, 784),
            new("weight grad Xt·dY 784x128·128x512", true, false, 784, 512, 128),
            new("input grad dY·Wt 128x512·512x784", false, true, 128, 784, 512),
            new("square 1024^3", false, false, 1024, 1024, 1024),
            new("inference X·W 256x784·784x512", false, false, 256, 512, 784),
        ];
        // --case TEXT keeps the cases whose name contains TEXT; --threads N runs only that count (for profiling).
        string? only = Option(args, "--case");
        string? threadOption = Option(args, "--threads");
        cases = cases.Where(c => only is null || c.Name.Contains(only, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (args.Contains("--zero-rows")) return ZeroRows(cases, threadOption is null ? Environment.ProcessorCount : int.Parse(threadOption));
        int all = Environment.ProcessorCount;
        Console.WriteLine($"GEMM micro-kernel: {Gemm.Isa} ({Gemm.VectorBits}-bit), {all} logical cores");
        Console.WriteLine($"nominal FMA peak per core: {NominalGflopsPerCore():F0} GFLOP/s (2 FMA units x {Gemm.VectorBits / 32} lanes x 2 flops x {CpuGhz():F2} GHz, the nominal clock; boosting CPUs run faster)");
        // The percentages below are of the measured peak, for one thread and for all of them: a boosting CPU's clock and
        // two threads sharing one core's FMA units both make a computed peak wrong.
        var peak = new Dictionary<int, double> { [1] = FmaPeak.Measure(1) };
        if (all > 1) peak[all] = FmaPeak.Measure(all);
        Console.WriteLine($"measured FMA peak (12 register chains): {peak[1]:F1} GFLOP/s on 1 thread" + (all > 1 ? $", {peak[all]:F1} on {all}" : ""));
        Utils.NumThreads = 1;
        KernelCeiling.Measure(20);   // warm-up
        double ceiling = KernelCeiling.Measure(31);
        Console.WriteLine($"micro-kernel alone (packed panels, B from L2): {ceiling:F1} GFLOP/s, {100 * ceiling / peak[1]:F0}% of measured peak");
        Console.WriteLine($"{"case",-38} {"threads",7} {"GFLOP/s",9} {"% peak",7} {"% of kernel",12}");
        var results = new List<object>();
        foreach (var c in cases)
            foreach (int threads in threadOption is not null ? [int.Parse(threadOption)] : all > 1 ? new[] { 1, all } : [1])
            {
                var (gflops, ofKernel) = Measure(c, threads);
                double percent = 100 * gflops / (peak.TryGetValue(threads, out double p) ? p : FmaPeak.Measure(threads));
                Console.WriteLine($"{c.Name,-38} {threads,7} {gflops,9:F1} {percent,6:F0}% {100 * ofKernel,11:F0}%");
                results.Add(new { scenario = "gemm", @case = c.Name, threads, gflops = Math.Round(gflops, 1), percent_of_peak = Math.Round(percent, 1),
                    percent_of_kernel_ceiling = Math.Round(100 * ofKernel, 1) });
            }
        foreach (var r in results) Console.WriteLine(JsonSerializer.Serialize(r));
        return 0;
    }

    /// <summary>
    /// The zero-skipping threshold: each case with a share of A's K rows all zero (whole pixels of X in the forward
    /// product, whole samples in the weight gradient: what the micro-kernel's panels can skip), timed with the dense
    /// micro-kernel and with the listed one, interleaved, medians of 11.
    /// </summary>
    private static int ZeroRows(Case[] cases, int threads)
    {
        Utils.NumThreads = threads;
        Console.WriteLine($"GEMM {Gemm.Isa}, {threads} threads: ms per product, dense kernel / listed rows, by share of K rows listed");
        foreach (var c in cases.Where(c => !c.TransB))
            foreach (double listed in new[] { 1.0, 0.97, 0.93, 0.9, 0.85, 0.7, 0.5, 0.3 })
            {
                var r = new Random(1);
                float[] a = Enumerable.Range(0, c.M * c.K).Select(_ => (float)r.NextDouble()).ToArray();
                float[] b = Enumerable.Range(0, c.K * c.N).Select(_ => (float)r.NextDouble()).ToArray();
                var dst = new float[c.M * c.N];
                for (int p = 0; p < c.K; p++)
                    if (r.NextDouble() >= listed)
                        for (int i = 0; i < c.M; i++) a[c.TransA ? p * c.M + i : i * c.K + p] = 0f;
                void Once() => Gemm.Multiply(c.TransA, false, c.M, c.N, c.K, 1f, a, 0, c.TransA ? c.M : c.K, b, 0, c.N, 0f, dst, 0, c.N);
                var dense = new List<double>();
                var skipping = new List<double>();
                for (int s = 0; s < 11; s++)
                    foreach (bool skip in new[] { false, true })
                    {
                        Gemm.SkipZeroRows = skip;
                        Once();
                        var sw = Stopwatch.StartNew();
                        for (int i = 0; i < 20; i++) Once();
                        (skip ? skipping : dense).Add(sw.Elapsed.TotalMilliseconds / 20);
                    }
                Gemm.SkipZeroRows = true;
                dense.Sort();
                skipping.Sort();
                Console.WriteLine($"{c.Name,-38} listed {listed,5:P0}: {dense[5],7:F3} / {skipping[5],7:F3} ms  ({skipping[5] / dense[5]:F2})");
            }
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>Median GFLOP/s of the case, and the median of its ratio to the micro-kernel's ceiling per thread
    /// measured just before each sample (less sensitive to the machine's changing speed).</summary>
    private static (double Gflops, double OfKernel) Measure(Case c, int threads)
    {
        Utils.NumThreads = threads;
        var r = new Random(1);
        float[] a = Enumerable.Range(0, c.M * c.K).Select(_ => (float)r.NextDouble()).ToArray();
        float[] b = Enumerable.Range(0, c.K * c.N).Select(_ => (float)r.NextDouble()).ToArray();
        var dst = new float[c.M * c.N];
        void Once() => Gemm.Multiply(c.TransA, c.TransB, c.M, c.N, c.K, 1f, a, 0, c.TransA ? c.M : c.K, b, 0, c.TransB ? c.K : c.N, 0f, dst, 0, c.N);
        double flops = 2.0 * c.M * c.N * c.K;
        int reps = Math.Max(3, (int)(2e9 / flops));
        // Warm up for a second and a half: tiered compilation replaces start-up code in the background.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < 1.5) Once();
        var samples = new List<double>();
        var ratios = new List<double>();
        for (int s = 0; s < 11; s++)
        {
            Utils.NumThreads = 1;
            double ceiling = KernelCeiling.Measure(3);
            Utils.NumThreads = threads;
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < reps; i++) Once();
            double gflops = flops * reps / sw.Elapsed.TotalSeconds / 1e9;
            samples.Add(gflops);
            ratios.Add(gflops / (ceiling * threads));
        }
        samples.Sort();
        ratios.Sort();
        return (samples[samples.Count / 2], ratios[ratios.Count / 2]);
    }

    private static double NominalGflopsPerCore() => 2 * (Gemm.VectorBits / 32) * 2 * CpuGhz();

    /// <summary>Nominal clock from /proc/cpuinfo's model name ("@ 2.50GHz"), else the current MHz reading.</summary>
    internal static double CpuGhz()
    {
        try
        {
            string info = File.ReadAllText("/proc/cpuinfo");
            var m = System.Text.RegularExpressions.Regex.Match(info, @"@ ([0-9.]+)GHz");
            if (m.Success) return double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            m = System.Text.RegularExpressions.Regex.Match(info, @"cpu MHz\s*:\s*([0-9.]+)");
            if (m.Success) return double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) / 1000;
        }
        catch (IOException) { }
        return 2.5;
    }
}
