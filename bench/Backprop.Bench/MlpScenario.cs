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
/// The lecture's network exactly as the peers run it: Fashion-MNIST (Debian's package, or --data DIR),
/// pixels/255 (bytes scaled per batch by ImageBatches, or with --floats a float array scaled in place), one-hot labels, Dense 512 relu + Dense 10 softmax, glorot-uniform weights and zero biases,
/// rmsprop (lr 0.001, rho 0.9, epsilon 1e-7), categorical crossentropy, batch 128, shuffled each epoch.
/// </summary>
internal static class MlpScenario
{
    public static int Run(string[] args)
    {
        string? data = Option(args, "--data");
        int epochs = int.Parse(Option(args, "--epochs") ?? "5", CultureInfo.InvariantCulture);
        if (Option(args, "--threads") is { } t) Utils.NumThreads = int.Parse(t, CultureInfo.InvariantCulture);
        int seed = int.Parse(Option(args, "--seed") ?? "1", CultureInfo.InvariantCulture);
        // --hidden 1024,1024,1024: the hidden layers' widths (the lecture's network has one of 512).
        int[] hidden = (Option(args, "--hidden") ?? "512").Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToArray();

        // Default: the training images stay bytes (47 MB instead of 188) and each batch is scaled as it is gathered
        // (ImageBatches, the same batches bit for bit as the float arrays); --floats trains on the scaled float array.
        bool floats = args.Contains("--floats");
        var clock = Stopwatch.StartNew();
        Tensor? xTrain = null;
        ImageBatches? trainBatches = null;
        Tensor yTrain, yTestRaw;
        Tensor xTest;
        if (floats)
        {
            var ((xTrainRaw, yTrainRaw), (xTestRaw, yTestLabels)) = FashionMnist.LoadData(data);
            // Scaled in place: `x = x / 255f` would hold a second 188 MB array next to the first at the peak.
            xTrain = xTrainRaw.Reshape(-1, 784);
            xTrain *= 1f / 255f;
            xTest = xTestRaw.Reshape(-1, 784);
            yTrain = Utils.ToCategorical(yTrainRaw, 10);
            yTestRaw = yTestLabels;
        }
        else
        {
            var ((xTrainBytes, yTrainRaw), (xTestBytes, yTestLabels)) = FashionMnist.LoadBytes(data);
            yTrain = Utils.ToCategorical(yTrainRaw, 10);
            trainBatches = new ImageBatches(xTrainBytes.Reshape(-1, 784), yTrain, batchSize: 128, shuffle: true, scale: 1f / 255f);
            xTest = xTestBytes.Reshape(-1, 784).ToTensor();
            yTestRaw = yTestLabels;
        }
        xTest *= 1f / 255f;
        Tensor yTest = Utils.ToCategorical(yTestRaw, 10);
        int stepsPerEpoch = trainBatches?.Count ?? (xTrain!.Dim(0) + 127) / 128;
        double loadSeconds = clock.Elapsed.TotalSeconds;

        Utils.SetRandomSeed(seed);
        var model = new Sequential(new Input(784));
        foreach (int width in hidden) model.Add(new Dense(width, activation: "relu"));
        model.Add(new Dense(10, activation: "softmax"));
        model.Compile(new RMSprop(0.001f, rho: 0.9f, epsilon: 1e-7f), "categorical_crossentropy", ["accuracy"]);
        var epochTimes = new List<double>();
        double? firstStep = null;
        var firstStepProbe = new Callbacks.LambdaCallback(onTrainBatchEnd: (_, _) => firstStep ??= (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds);
        long allocatedBefore = 0, stepsMeasured = 0, allocatedAfter = 0;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            if (epoch == 1) allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            clock.Restart();
            Callbacks.Callback[]? probe = firstStep is null ? [firstStepProbe] : null;
            if (trainBatches is not null) model.Fit(trainBatches, epochs: 1, verbose: 0, callbacks: probe, shuffle: false);
            else model.Fit(xTrain!, yTrain, batchSize: 128, epochs: 1, verbose: 0, callbacks: probe);
            epochTimes.Add(clock.Elapsed.TotalSeconds);
            if (epoch >= 1) stepsMeasured += stepsPerEpoch;
        }
        allocatedAfter = GC.GetAllocatedBytesForCurrentThread();

        clock.Restart();
        IReadOnlyDictionary<string, float> scores = model.Evaluate(xTest, yTest, batchSize: 32);
        double evaluateSeconds = clock.Elapsed.TotalSeconds;

        double predictOneMs = OneImageLatency.MedianMs(model, xTest.Rows(0, 1));

        var result = new
        {
            scenario = "mlp",
            hidden = string.Join(',', hidden),
            library = "Backprop",
            train_images = floats ? "float32 array" : "bytes, scaled per batch",
            threads = Utils.NumThreads,
            data_load_s = Math.Round(loadSeconds, 3),
            epoch_s = epochTimes.Select(s => Math.Round(s, 3)).ToArray(),
            median_epoch_s = Math.Round(Median(epochTimes), 3),
            evaluate_s = Math.Round(evaluateSeconds, 3),
            test_loss = Math.Round(scores["loss"], 4),
            test_accuracy = Math.Round(scores["accuracy"], 4),
            predict_one_median_ms = Math.Round(predictOneMs, 4),
            peak_working_set_mb = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1),
            start_to_first_step_s = firstStep is { } s ? Math.Round(s, 3) : (double?)null,
            allocated_bytes_per_step = stepsMeasured == 0 ? 0 : (allocatedAfter - allocatedBefore) / stepsMeasured,
            machine = new { cpu = CpuModel(), cores = Environment.ProcessorCount, simd = $"{Gemm.Isa} ({Gemm.VectorBits}-bit)", avx512f = Avx512F.IsSupported },
        };
        Console.WriteLine($"Backprop mlp: {epochs} epochs, median epoch {result.median_epoch_s:F2} s, test accuracy {result.test_accuracy:F4}, predict(1) {result.predict_one_median_ms:F3} ms, {result.allocated_bytes_per_step} B/step, peak {result.peak_working_set_mb} MB");
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string CpuModel()
    {
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? "unknown";
        }
        catch (IOException) { return "unknown"; }
    }
}
