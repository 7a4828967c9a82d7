using System.Diagnostics;
using System.Globalization;

namespace Backprop.Bench;

/// <summary>
/// Element-wise arithmetic through the public operators, the shapes a training step meets: same-shape products of an
/// activation ([128, 512]), a row broadcast (bias-like [512] onto [128, 512]), a scalar, and a large scaling (a dataset divided
/// by 255), in place so that the loop and not the allocation is measured, and one allocating product. Only the public API is used, so the scenario runs unchanged on an older commit for a
/// before/after comparison. Median microseconds of 200 calls after 50 warm-up calls, one line per case.
/// </summary>
internal static class ElementwiseScenario
{
    public static int Run(string[] args)
    {
        int at = Array.IndexOf(args, "--threads");
        if (at >= 0) Utils.NumThreads = int.Parse(args[at + 1], CultureInfo.InvariantCulture);
        Utils.SetRandomSeed(1);
        Tensor a = Tensor.RandomUniform([128, 512]), b = Tensor.RandomUniform([128, 512]), row = Tensor.RandomUniform([512]);
        Tensor column = Tensor.RandomUniform([128, 1]), big = Tensor.RandomUniform([10_000, 784]);
        // In-place pairs that undo each other, so the values stay where they started and no allocation or denormal
        // slows the loop being measured.
        Report("a *= b; a /= b [128,512]", () => { a *= b; a /= b; });
        Report("a += row; a -= row [128,512]+[512]", () => { a += row; a -= row; });
        Report("a += column; a -= column [128,512]+[128,1]", () => { a += column; a -= column; });
        Report("a *= 2; a *= 0.5 [128,512]", () => { a *= 2f; a *= 0.5f; });
        Report("big *= 2; big *= 0.5 [10000,784]", () => { big *= 2f; big *= 0.5f; });
        Report("a * b, new tensor [128,512]", () => _ = a * b);
        return 0;
    }

    private static void Report(string name, Action action)
    {
        for (int i = 0; i < 50; i++) action();
        var times = new double[200];
        for (int i = 0; i < times.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        Array.Sort(times);
        Console.WriteLine(FormattableString.Invariant($"{{\"scenario\":\"elementwise\",\"case\":\"{name}\",\"median_us\":{times[times.Length / 2]:F2}}}"));
    }
}
