// The lecture's network in TorchSharp: the same workload as `Backprop.Bench mlp` and bench/peers/pytorch_mlp.py.
// RMSprop is written with Keras's formula (epsilon inside the square root) for parity; torch's RMSprop puts it outside.
using System.Diagnostics;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharpPeer.PeerCommon;

namespace TorchSharpPeer;

internal static class Mlp
{
    public static int Run(string[] args)
    {
        var startup = Stopwatch.StartNew();
        string data = Option(args, "--data", "/usr/share/datasets/fashion-mnist");
        int epochs = int.Parse(Option(args, "--epochs", "5"));
        int threads = int.Parse(Option(args, "--threads", Environment.ProcessorCount.ToString()));
        int seed = int.Parse(Option(args, "--seed", "1"));
        torch.set_num_threads(threads);
        torch.manual_seed(seed);

        var clock = Stopwatch.StartNew();
        Tensor xTrain = Images(Path.Combine(data, "train-images-idx3-ubyte.gz"), [784]);
        Tensor yTrain = Labels(Path.Combine(data, "train-labels-idx1-ubyte.gz"));
        Tensor xTest = Images(Path.Combine(data, "t10k-images-idx3-ubyte.gz"), [784]);
        Tensor yTest = Labels(Path.Combine(data, "t10k-labels-idx1-ubyte.gz"));
        double loadSeconds = clock.Elapsed.TotalSeconds;

        // --hidden 1024,1024,1024: the hidden layers' widths (the lecture's network has one of 512).
        string hiddenOption = Option(args, "--hidden", "512");
        int[] widths = [784, .. hiddenOption.Split(',').Select(int.Parse)];
        var linears = new List<TorchSharp.Modules.Linear>();
        var named = new List<(string, torch.nn.Module<Tensor, Tensor>)>();
        for (int i = 1; i < widths.Length; i++)
        {
            linears.Add(nn.Linear(widths[i - 1], widths[i]));
            named.Add(($"fc{i}", linears[^1]));
            named.Add(($"relu{i}", nn.ReLU()));
        }
        linears.Add(nn.Linear(widths[^1], 10));
        named.Add(($"fc{widths.Length}", linears[^1]));
        var model = nn.Sequential(named.ToArray());
        using (torch.no_grad())
        {
            foreach (var linear in linears)
            {
                nn.init.xavier_uniform_(linear.weight);   // Keras's glorot_uniform
                nn.init.zeros_(linear.bias);
            }
        }
        var parameters = model.parameters().ToArray();
        var velocity = parameters.Select(p => torch.zeros_like(p)).ToArray();
        const double lr = 1e-3, rho = 0.9, eps = 1e-7;

        long n = xTrain.shape[0];
        var epochSeconds = new List<double>();
        double firstStep = -1;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            clock.Restart();
            using Tensor order = torch.randperm(n);
            for (long start = 0; start < n; start += 128)
            {
                using var scope = torch.NewDisposeScope();
                Tensor idx = order.slice(0, start, Math.Min(start + 128, n), 1);
                Tensor logits = model.forward(xTrain.index_select(0, idx));
                Tensor loss = nn.functional.cross_entropy(logits, yTrain.index_select(0, idx));
                model.zero_grad();
                loss.backward();
                using (torch.no_grad())
                {
                    for (int i = 0; i < parameters.Length; i++)
                    {
                        Tensor g = parameters[i].grad!;
                        velocity[i].mul_(rho).addcmul_(g, g, 1 - rho);
                        using Tensor root = velocity[i].add(eps).sqrt_();
                        using Tensor step = g.mul(lr).div_(root);
                        parameters[i].sub_(step);
                    }
                }
                if (firstStep < 0) firstStep = startup.Elapsed.TotalSeconds;
            }
            epochSeconds.Add(clock.Elapsed.TotalSeconds);
        }

        clock.Restart();
        var (testLoss, testAccuracy) = Evaluate(model, xTest, yTest, 32);
        double evaluateSeconds = clock.Elapsed.TotalSeconds;

        double predictOneMs;
        using (Tensor one = xTest.slice(0, 0, 1, 1)) predictOneMs = PredictOneMedianMs(model, one);
        double[] sortedEpochs = epochSeconds.Order().ToArray();
        var result = new Dictionary<string, object?>
        {
            ["scenario"] = "mlp",
            ["hidden"] = hiddenOption,
            ["library"] = Library,
            ["threads"] = threads,
            ["data_load_s"] = Math.Round(loadSeconds, 3),
            ["epoch_s"] = epochSeconds.Select(s => Math.Round(s, 3)).ToArray(),
            ["median_epoch_s"] = Math.Round(sortedEpochs[sortedEpochs.Length / 2], 3),
            ["evaluate_s"] = Math.Round(evaluateSeconds, 3),
            ["test_loss"] = Math.Round(testLoss, 4),
            ["test_accuracy"] = Math.Round(testAccuracy, 4),
            ["predict_one_median_ms"] = Math.Round(predictOneMs, 4),
            ["peak_working_set_mb"] = PeakWorkingSetMb(),
            ["allocated_bytes_per_step"] = null,
            ["start_to_first_step_s"] = Math.Round(firstStep, 3),
            ["machine"] = new Dictionary<string, object> { ["cores"] = Environment.ProcessorCount },
        };
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }
}
