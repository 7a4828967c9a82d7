using System.Diagnostics;
using System.Globalization;
using Backprop.Kernels;
using Backprop.Layers;

namespace Backprop.Bench;

/// <summary>
/// Single-sample inference latency of the lecture's network, split into its parts: the whole PredictOnBatch call,
/// the first layer's one-row product alone, and the model on an all-nonzero input (MNIST rows are mostly zeros,
/// which the one-row product skips). Medians of 2,000 calls after 200 warm-up calls.
/// </summary>
internal static class PredictScenario
{
    public static int Run(string[] args)
    {
        int at = Array.IndexOf(args, "--threads");
        if (at >= 0) Utils.NumThreads = int.Parse(args[at + 1], CultureInfo.InvariantCulture);
        Utils.SetRandomSeed(1);
        var model = new Sequential(new Input(784), new Dense(512, activation: "relu"), new Dense(10, activation: "softmax"));
        var random = new Random(2);
        Tensor dense = Tensor.FromArray(Enumerable.Range(0, 784).Select(_ => (float)random.NextDouble()).ToArray(), 1, 784);
        Tensor sparse = Tensor.FromArray(Enumerable.Range(0, 784).Select(i => i % 5 == 0 ? (float)random.NextDouble() : 0f).ToArray(), 1, 784);
        Tensor kernel = ((Dense)model.Layers[0]).Kernel;
        var output = new float[512];
        float[] row = dense.ToArray();
        Report("PredictOnBatch, 20% nonzero input", () => model.PredictOnBatch(sparse));
        Report("PredictOnBatch, dense input", () => model.PredictOnBatch(dense));
        var ((_, _), (xTest, _)) = Datasets.FashionMnist.LoadData();
        Tensor fashion = xTest.Rows(0, 1).Reshape(1, 784) / 255f;
        Report("PredictOnBatch, a Fashion-MNIST test row", () => model.PredictOnBatch(fashion));
        Tensor view = (xTest.Reshape(-1, 784) / 255f).Rows(0, 1);
        Report("PredictOnBatch, the same row as a view", () => model.PredictOnBatch(view));
        model.Compile("rmsprop", "categorical_crossentropy", ["accuracy"]);
        model.Evaluate(xTest.Reshape(-1, 784) / 255f, Utils.ToCategorical(Datasets.FashionMnist.LoadData().Test.Y, 10), batchSize: 32);
        Report("PredictOnBatch after Evaluate", () => model.PredictOnBatch(fashion));
        Report("Gemm 1×784·784×512 alone", () => Gemm.Multiply(false, false, 1, 512, 784, 1f, row, 0, 784, kernel.Data, kernel.Offset, 512, 0f, output, 0, 512));
        float[] fashionRow = fashion.ToArray();
        Report("the same, the Fashion-MNIST row", () => Gemm.Multiply(false, false, 1, 512, 784, 1f, fashionRow, 0, 784, kernel.Data, kernel.Offset, 512, 0f, output, 0, 512));
        return 0;
    }

    private static void Report(string what, Action call)
    {
        for (int i = 0; i < 200; i++) call();
        var times = new double[2000];
        for (int i = 0; i < times.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            call();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        Console.WriteLine($"{what,-40} median {times[times.Length / 2]:F4} ms   p10 {times[times.Length / 10]:F4}   p90 {times[times.Length * 9 / 10]:F4}");
    }
}
