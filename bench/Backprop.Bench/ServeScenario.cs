using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Backprop.Datasets;
using Backprop.Layers;

namespace Backprop.Bench;

/// <summary>
/// examples/PredictServer under load: the lecture's network (trained one epoch on the MNIST sample) served on a loopback
/// port, --clients concurrent clients (8) each sending --requests one-row JSON requests (500), back to back. Prints
/// throughput and the p50/p99 latency of a request as the client sees it (the clients share the machine's cores with
/// the server). Needs the example built: dotnet build examples/PredictServer -c Release.
/// </summary>
internal static class ServeScenario
{
    public static int Run(string[] args)
    {
        int clients = int.Parse(Option(args, "--clients") ?? "8"), requests = int.Parse(Option(args, "--requests") ?? "500");
        string server = Option(args, "--server") ?? Path.Combine(RepositoryRoot(), "examples", "PredictServer", "bin", "Release", "net10.0", "PredictServer.dll");
        if (!File.Exists(server)) throw new FileNotFoundException($"{server} is not built: dotnet build examples/PredictServer -c Release.", server);
        Utils.SetRandomSeed(1);
        var ((xTrain, yTrain), (xTest, _)) = MnistSample.LoadData();
        xTrain = xTrain.Reshape(-1, 784) / 255f;
        xTest = xTest.Reshape(-1, 784) / 255f;
        var model = new Sequential(new Input(784), new Dense(512, activation: "relu"), new Dense(10, activation: "softmax"));
        model.Compile("rmsprop", "categorical_crossentropy");
        model.Fit(xTrain, Utils.ToCategorical(yTrain, 10), batchSize: 128, epochs: 1, verbose: 0);
        string folder = Directory.CreateTempSubdirectory("bp-serve-bench-").FullName, path = Path.Combine(folder, "model.keras");
        model.Save(path);
        string[] bodies = [.. Enumerable.Range(0, 500).Select(i => JsonSerializer.Serialize(new { rows = new[] { xTest[i..(i + 1)].ToArray() } }))];

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = folder };
        foreach (string a in new[] { server, path, "--urls", "http://127.0.0.1:0" }) start.ArgumentList.Add(a);
        using Process process = Process.Start(start)!;
        try
        {
            string line;
            do line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the server stopped before listening");
            while (!line.StartsWith("listening on ", StringComparison.Ordinal));
            string url = line["listening on ".Length..].Split(' ')[0];
            using var client = new HttpClient { BaseAddress = new Uri(url) };
            // Warm-up: the server's JIT and the first calls' allocations are not what a served model costs.
            for (int i = 0; i < 200; i++) client.PostAsync("/predict", new StringContent(bodies[i % bodies.Length], Encoding.UTF8, "application/json")).GetAwaiter().GetResult().Dispose();
            var latencies = new double[clients * requests];
            var clock = Stopwatch.StartNew();
            Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
            {
                for (int r = 0; r < requests; r++)
                {
                    var one = Stopwatch.StartNew();
                    using HttpResponseMessage response = await client.PostAsync("/predict", new StringContent(bodies[(c * requests + r) % bodies.Length], Encoding.UTF8, "application/json"));
                    await response.Content.ReadAsStringAsync();
                    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"HTTP {(int)response.StatusCode}");
                    latencies[c * requests + r] = one.Elapsed.TotalMilliseconds;
                }
            }))).GetAwaiter().GetResult();
            double seconds = clock.Elapsed.TotalSeconds;
            Array.Sort(latencies);
            var result = new
            {
                scenario = "serve",
                clients,
                requests_per_client = requests,
                requests_per_s = Math.Round(latencies.Length / seconds),
                p50_ms = Math.Round(latencies[latencies.Length / 2], 3),
                p99_ms = Math.Round(latencies[latencies.Length * 99 / 100], 3),
                machine = new { cores = Environment.ProcessorCount },
            };
            Console.WriteLine($"PredictServer: {result.requests_per_s} requests/s, p50 {result.p50_ms} ms, p99 {result.p99_ms} ms");
            Console.WriteLine(JsonSerializer.Serialize(result));
            return 0;
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Backprop.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("Backprop.slnx not found above the benchmark.");
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
