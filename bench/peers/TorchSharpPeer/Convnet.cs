// Keras's "Simple MNIST convnet" in TorchSharp: the same workload as `Backprop.Bench convnet` and
// bench/peers/pytorch_convnet.py. Conv2d(1, 32, 3) → ReLU → MaxPool2d(2) → Conv2d(32, 64, 3) → ReLU → MaxPool2d(2) →
// Flatten → Dropout(0.5) → Linear(1600, 10), Keras's initialisers (glorot_uniform kernels, zero biases), Adam (lr 1e-3,
// eps 1e-7 as Keras), crossentropy on the softmax, batch 128, shuffled each epoch, pixels scaled by 1/255.
using System.Diagnostics;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharpPeer.PeerCommon;

namespace TorchSharpPeer;

internal static class Convnet
{
    public static int Run(string[] args)
    {
        string data = Option(args, "--data", "/usr/share/datasets/fashion-mnist");
        int epochs = int.Parse(Option(args, "--epochs", "2"));
        int threads = int.Parse(Option(args, "--threads", Environment.ProcessorCount.ToString()));
        int seed = int.Parse(Option(args, "--seed", "1"));
        torch.set_num_threads(threads);
        torch.manual_seed(seed);

        long[] image = [1, 28, 28];
        Tensor xTrain = Images(Path.Combine(data, "train-images-idx3-ubyte.gz"), image);
        Tensor yTrain = Labels(Path.Combine(data, "train-labels-idx1-ubyte.gz"));
        Tensor xTest = Images(Path.Combine(data, "t10k-images-idx3-ubyte.gz"), image);
        Tensor yTest = Labels(Path.Combine(data, "t10k-labels-idx1-ubyte.gz"));

        var conv1 = nn.Conv2d(1, 32, 3);
        var conv2 = nn.Conv2d(32, 64, 3);
        var dense = nn.Linear(1600, 10);
        var model = nn.Sequential(
            ("conv1", conv1), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),
            ("conv2", conv2), ("relu2", nn.ReLU()), ("pool2", nn.MaxPool2d(2)),
            ("flatten", nn.Flatten()), ("dropout", nn.Dropout(0.5)), ("dense", dense));
        using (torch.no_grad())
        {
            foreach (var (weight, bias) in new[] { (conv1.weight!, conv1.bias!), (conv2.weight!, conv2.bias!), (dense.weight!, dense.bias!) })
            {
                nn.init.xavier_uniform_(weight);
                nn.init.zeros_(bias);
            }
        }
        var optimizer = torch.optim.Adam(model.parameters(), lr: 1e-3, eps: 1e-7);

        long n = xTrain.shape[0];
        var epochSeconds = new List<double>();
        var clock = new Stopwatch();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            model.train();
            clock.Restart();
            using Tensor order = torch.randperm(n);
            for (long start = 0; start < n; start += 128)
            {
                using var scope = torch.NewDisposeScope();
                Tensor idx = order.slice(0, start, Math.Min(start + 128, n), 1);
                optimizer.zero_grad();
                Tensor loss = nn.functional.cross_entropy(model.forward(xTrain.index_select(0, idx)), yTrain.index_select(0, idx));
                loss.backward();
                optimizer.step();
            }
            epochSeconds.Add(clock.Elapsed.TotalSeconds);
        }

        model.eval();
        clock.Restart();
        var (testLoss, testAccuracy) = Evaluate(model, xTest, yTest, 128);
        double evaluateSeconds = clock.Elapsed.TotalSeconds;
        double peakBeforePredictMb = PeakWorkingSetMb();
        double predictOneMs;
        using (Tensor one = xTest.slice(0, 0, 1, 1)) predictOneMs = PredictOneMedianMs(model, one);

        double[] sortedEpochs = epochSeconds.Order().ToArray();
        var result = new Dictionary<string, object?>
        {
            ["scenario"] = "convnet",
            ["library"] = Library,
            ["threads"] = threads,
            ["epoch_s"] = epochSeconds.Select(s => Math.Round(s, 3)).ToArray(),
            ["median_epoch_s"] = Math.Round(sortedEpochs[sortedEpochs.Length / 2], 3),
            ["evaluate_s"] = Math.Round(evaluateSeconds, 3),
            ["test_loss"] = Math.Round(testLoss, 4),
            ["test_accuracy"] = Math.Round(testAccuracy, 4),
            ["predict_one_median_ms"] = Math.Round(predictOneMs, 4),
            ["peak_working_set_mb"] = peakBeforePredictMb,
            ["peak_after_predict_mb"] = PeakWorkingSetMb(),
            ["allocated_bytes_per_step"] = null,
            ["machine"] = new Dictionary<string, object> { ["cores"] = Environment.ProcessorCount },
        };
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }
}
