using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics.X86;
using System.Text.Json;
using Backprop.Datasets;
using Backprop.Kernels;
using Backprop.Layers;
using Backprop.Optimizers;

namespace Backprop.Bench;

/// <summary>
/// Keras's "Simple MNIST convnet" (keras-io examples/vision/mnist_convnet.py) as the peers run it, on Fashion-MNIST
/// (Debian's package, or --data DIR): Input(28, 28, 1) → Conv2D(32, 3, relu) → MaxPooling2D(2) → Conv2D(64, 3, relu) →
/// MaxPooling2D(2) → Flatten → Dropout(0.5) → Dense(10, softmax); adam, categorical crossentropy, batch 128; pixels/255
/// (bytes scaled per batch). Epoch times, then evaluation on the 10,000 test images.
/// </summary>
internal static class ConvnetScenario
{
    public static int Run(string[] args)
    {
        string? data = Option(args, "--data");
        int epochs = int.Parse(Option(args, "--epochs") ?? "2", CultureInfo.InvariantCulture);
        if (Option(args, "--threads") is { } t) Utils.NumThreads = int.Parse(t, CultureInfo.InvariantCulture);
        int seed = int.Parse(Option(args, "--seed") ?? "1", CultureInfo.InvariantCulture);
        var ((xTrainBytes, yTrainRaw), (xTestBytes, yTestLabels)) = FashionMnist.LoadBytes(data);
        Tensor yTrain = Utils.ToCategorical(yTrainRaw, 10), yTest = Utils.ToCategorical(yTestLabels, 10);
        var batches = new ImageBatches(xTrainBytes.Reshape(-1, 28, 28, 1), yTrain, batchSize: 128, shuffle: true, scale: 1f / 255f);
        Tensor xTest = xTestBytes.Reshape(-1, 28, 28, 1).ToTensor();
        xTest *= 1f / 255f;

        Utils.SetRandomSeed(seed);
        var model = new Sequential(
            new Input(28, 28, 1),
            new Conv2D(32, 3, activation: "relu"),
            new MaxPooling2D(2),
            new Conv2D(64, 3, activation: "relu"),
            new MaxPooling2D(2),
            new Flatten(),
            new Dropout(0.5f),
            new Dense(10, activation: "softmax"));
        model.Compile(new Adam(), "categorical_crossentropy", ["accuracy"]);
        // One Fit of all the epochs, as a user runs it, timed by epoch: the first epoch includes the JIT, the median the steady state.
        var epochTimes = new List<double>();
        var clock = new Stopwatch();
        long allocatedBefore = 0, allocatedAfter = 0;
        var timer = new Callbacks.LambdaCallback(
            onEpochBegin: (epoch, _) =>
            {
                if (epoch == 1) allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                clock.Restart();
            },
            onEpochEnd: (epoch, _) =>
            {
                epochTimes.Add(clock.Elapsed.TotalSeconds);
                allocatedAfter = GC.GetAllocatedBytesForCurrentThread();
            });
        var fit = Stopwatch.StartNew();
        model.Fit(batches, epochs: epochs, verbose: 0, shuffle: false, callbacks: [timer]);
        double fitSeconds = fit.Elapsed.TotalSeconds;
        clock.Restart();
        IReadOnlyDictionary<string, float> scores = model.Evaluate(xTest, yTest, batchSize: 128);
        double evaluateSeconds = clock.Elapsed.TotalSeconds;
        // Training's and evaluation's peak, before the one-image calls below. Those calls used to allocate their tensors
        // anew, the first convolution's output (86,528 bytes) in the large object heap, and raised the peak from 272 MB to
        // 637-673 MB; since they recycle them through the thread's inference arena, the two peaks should be about equal.
        double peakBeforePredictMb = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1);
        double predictOneMs = OneImageLatency.MedianMs(model, xTest.Rows(0, 1));
        var sorted = epochTimes.Order().ToArray();
        var result = new
        {
            scenario = "convnet",
            library = "Backprop",
            threads = Utils.NumThreads,
            epoch_s = epochTimes.Select(s => Math.Round(s, 3)).ToArray(),
            median_epoch_s = Math.Round(sorted[sorted.Length / 2], 3),
            fit_s = Math.Round(fitSeconds, 3),
            evaluate_s = Math.Round(evaluateSeconds, 3),
            test_loss = Math.Round(scores["loss"], 4),
            test_accuracy = Math.Round(scores["accuracy"], 4),
            predict_one_median_ms = Math.Round(predictOneMs, 4),
            allocated_bytes_per_step = epochs < 2 ? 0 : (allocatedAfter - allocatedBefore) / ((epochs - 1) * batches.Count),
            peak_working_set_mb = peakBeforePredictMb,
            peak_after_predict_mb = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1),
            machine = new { cores = Environment.ProcessorCount, simd = $"{Gemm.Isa} ({Gemm.VectorBits}-bit)", avx512f = Avx512F.IsSupported },
        };
        Console.WriteLine($"Backprop convnet: {epochs} epochs, median epoch {result.median_epoch_s:F2} s, test accuracy {result.test_accuracy:F4}");
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
