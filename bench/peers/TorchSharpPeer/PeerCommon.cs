using System.Diagnostics;
using System.IO.Compression;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchSharpPeer;

/// <summary>What both workloads share: options, the IDX files, and the single-image latency loop.</summary>
internal static class PeerCommon
{
    public const string Library = "TorchSharp 0.107.0 (libtorch 2.10 CPU)";

    public static string Option(string[] args, string name, string fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }

    /// <summary>The images of an IDX file scaled by 1/255, as [count, ..shape] (shape [784] or [1, 28, 28]).</summary>
    public static Tensor Images(string path, long[] shape)
    {
        byte[] raw = Idx(path);
        int count = raw[4] << 24 | raw[5] << 16 | raw[6] << 8 | raw[7];
        float[] pixels = raw.Skip(16).Select(b => b / 255f).ToArray();
        return torch.tensor(pixels, [count, .. shape]);
    }

    public static Tensor Labels(string path)
    {
        byte[] raw = Idx(path);
        return torch.tensor(raw.Skip(8).Select(b => (long)b).ToArray());
    }

    /// <summary>
    /// Single-sample predict latency as a server sees it, as in the PyTorch peers (bench/peers/one_image_latency.py):
    /// 100 warm-up calls, then the median of 1,000 calls of softmax(model(one)) without gradients, in milliseconds.
    /// </summary>
    public static double PredictOneMedianMs(nn.Module<Tensor, Tensor> model, Tensor one)
    {
        var latencies = new List<double>();
        var clock = new Stopwatch();
        using (torch.no_grad())
        {
            for (int i = 0; i < 1100; i++)
            {
                clock.Restart();
                using var scope = torch.NewDisposeScope();
                model.forward(one).softmax(1);
                if (i >= 100) latencies.Add(clock.Elapsed.TotalMilliseconds);
            }
        }
        latencies.Sort();
        return latencies[latencies.Count / 2];
    }

    /// <summary>The mean crossentropy and the accuracy of <paramref name="model"/> on (x, labels), in batches of
    /// <paramref name="batch"/> without gradients.</summary>
    public static (double Loss, double Accuracy) Evaluate(nn.Module<Tensor, Tensor> model, Tensor x, Tensor labels, long batch)
    {
        double totalLoss = 0;
        long correct = 0;
        using (torch.no_grad())
        {
            for (long start = 0; start < x.shape[0]; start += batch)
            {
                using var scope = torch.NewDisposeScope();
                long end = Math.Min(start + batch, x.shape[0]);
                Tensor logits = model.forward(x.slice(0, start, end, 1));
                Tensor y = labels.slice(0, start, end, 1);
                totalLoss += nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
                correct += logits.argmax(1).eq(y).sum().item<long>();
            }
        }
        return (totalLoss / x.shape[0], (double)correct / x.shape[0]);
    }

    public static double PeakWorkingSetMb() => Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1);

    private static byte[] Idx(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gz.CopyTo(buffer);
        return buffer.ToArray();
    }
}
