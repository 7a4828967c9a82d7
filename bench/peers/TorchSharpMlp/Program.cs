// The lecture's network in TorchSharp (libtorch 2.10, CPU): the same workload as `Backprop.Bench mlp` and
// bench/peers/pytorch_mlp.py, printing the same JSON fields. RMSprop is written with Keras's formula
// (epsilon inside the square root) for parity; torch's RMSprop puts it outside.
// Usage: dotnet run -c Release -- [--data DIR] [--epochs 5] [--threads N] [--seed 1]
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

var startup = Stopwatch.StartNew();
string data = Option("--data", "/usr/share/datasets/fashion-mnist");
int epochs = int.Parse(Option("--epochs", "5"));
int threads = int.Parse(Option("--threads", Environment.ProcessorCount.ToString()));
int seed = int.Parse(Option("--seed", "1"));
torch.set_num_threads(threads);
torch.manual_seed(seed);

var clock = Stopwatch.StartNew();
Tensor xTrain = Images(Path.Combine(data, "train-images-idx3-ubyte.gz"));
Tensor yTrain = Labels(Path.Combine(data, "train-labels-idx1-ubyte.gz"));
Tensor xTest = Images(Path.Combine(data, "t10k-images-idx3-ubyte.gz"));
Tensor yTest = Labels(Path.Combine(data, "t10k-labels-idx1-ubyte.gz"));
double loadSeconds = clock.Elapsed.TotalSeconds;

// --hidden 1024,1024,1024: the hidden layers' widths (the lecture's network has one of 512).
string hiddenOption = Option("--hidden", "512");
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
double totalLoss = 0;
long correct = 0;
using (torch.no_grad())
{
    for (long start = 0; start < xTest.shape[0]; start += 32)
    {
        using var scope = torch.NewDisposeScope();
        long end = Math.Min(start + 32, xTest.shape[0]);
        Tensor logits = model.forward(xTest.slice(0, start, end, 1));
        Tensor y = yTest.slice(0, start, end, 1);
        totalLoss += nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
        correct += logits.argmax(1).eq(y).sum().item<long>();
    }
}
double evaluateSeconds = clock.Elapsed.TotalSeconds;

var latencies = new List<double>();
using (torch.no_grad())
{
    using Tensor one = xTest.slice(0, 0, 1, 1);
    for (int i = 0; i < 1100; i++)
    {
        clock.Restart();
        using var scope = torch.NewDisposeScope();
        model.forward(one).softmax(1);
        if (i >= 100) latencies.Add(clock.Elapsed.TotalMilliseconds);
    }
}
latencies.Sort();
epochSeconds.Sort();
var result = new Dictionary<string, object?>
{
    ["scenario"] = "mlp",
    ["hidden"] = hiddenOption,
    ["library"] = "TorchSharp 0.107.0 (libtorch 2.10 CPU)",
    ["threads"] = threads,
    ["data_load_s"] = Math.Round(loadSeconds, 3),
    ["epoch_s"] = epochSeconds.Select(s => Math.Round(s, 3)).ToArray(),
    ["median_epoch_s"] = Math.Round(epochSeconds[epochSeconds.Count / 2], 3),
    ["evaluate_s"] = Math.Round(evaluateSeconds, 3),
    ["test_loss"] = Math.Round(totalLoss / xTest.shape[0], 4),
    ["test_accuracy"] = Math.Round((double)correct / xTest.shape[0], 4),
    ["predict_one_median_ms"] = Math.Round(latencies[latencies.Count / 2], 4),
    ["peak_working_set_mb"] = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1),
    ["allocated_bytes_per_step"] = null,
    ["start_to_first_step_s"] = Math.Round(firstStep, 3),
    ["machine"] = new Dictionary<string, object> { ["cores"] = Environment.ProcessorCount },
};
Console.WriteLine(JsonSerializer.Serialize(result));

string Option(string name, string fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}

static byte[] Idx(string path)
{
    using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
    using var buffer = new MemoryStream();
    gz.CopyTo(buffer);
    return buffer.ToArray();
}

static Tensor Images(string path)
{
    byte[] raw = Idx(path);
    int count = raw[4] << 24 | raw[5] << 16 | raw[6] << 8 | raw[7];
    float[] pixels = raw.Skip(16).Select(b => b / 255f).ToArray();
    return torch.tensor(pixels, [count, 784]);
}

static Tensor Labels(string path)
{
    byte[] raw = Idx(path);
    return torch.tensor(raw.Skip(8).Select(b => (long)b).ToArray());
}
