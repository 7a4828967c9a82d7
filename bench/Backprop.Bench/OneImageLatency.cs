using System.Diagnostics;

namespace Backprop.Bench;

/// <summary>Single-sample predict latency as a server sees it, the same way in every scenario: half a second of warm-up,
/// then the median of 1,000 <c>PredictOnBatch</c> calls. Half a second, not a fixed count: .NET promotes a method to
/// optimised code only after ~30 calls *and* 100 ms without new tier-0 compilations, so 100 quick calls straight after
/// Evaluate still ran tier-0 code (0.25-0.39 ms per call measured that way, against 0.03-0.04 ms in steady state).</summary>
internal static class OneImageLatency
{
    public static double MedianMs(Model model, Tensor one)
    {
        var warmUp = Stopwatch.StartNew();
        while (warmUp.ElapsedMilliseconds < 500) model.PredictOnBatch(one);
        var latencies = new double[1000];
        for (int i = 0; i < latencies.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            model.PredictOnBatch(one);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(latencies);
        return latencies[latencies.Length / 2];
    }
}
