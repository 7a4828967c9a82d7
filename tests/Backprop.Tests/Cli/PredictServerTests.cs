using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Backprop.Datasets;
using Backprop.Layers;
using Backprop.Plotting;
using SkiaSharp;

namespace Backprop.Tests.Cli;

/// <summary>
/// examples/PredictServer on a loopback port: a burst of 8 clients × 500 concurrent requests, each answer equal bit for
/// bit to in-process Predict of the same row; a PNG digit prepared as the CLI prepares one; the health endpoint; and a
/// clear 400 for each kind of bad input.
/// </summary>
[Collection("Session")]
public sealed class PredictServerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bp-serve-").FullName;
    private Process? _server;

    public void Dispose()
    {
        if (_server is { HasExited: false }) _server.Kill(entireProcessTree: true);
        _server?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Starts the server on port 0 and returns the address it reports.</summary>
    private async Task<Uri> Start(string model)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _folder };
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "PredictServer.dll"), model, "--urls", "http://127.0.0.1:0" }) start.ArgumentList.Add(a);
        _server = Process.Start(start)!;
        var listening = new TaskCompletionSource<string>();
        _server.OutputDataReceived += (_, e) => { if (e.Data?.StartsWith("listening on ", StringComparison.Ordinal) == true) listening.TrySetResult(e.Data["listening on ".Length..].Split(' ')[0]); };
        _server.ErrorDataReceived += (_, e) => { if (e.Data is not null) listening.TrySetException(new InvalidOperationException("server: " + e.Data)); };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        return new Uri(await listening.Task.WaitAsync(TimeSpan.FromSeconds(60)));
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static float[] Prediction(string response) =>
        [.. JsonDocument.Parse(response).RootElement.GetProperty("predictions")[0].EnumerateArray().Select(v => v.GetSingle())];

    [Fact]
    public async Task ConcurrentRequestsGetWhatPredictGivesAndBadInputGetsA400()
    {
        Utils.SetRandomSeed(5);
        var ((xTrain, yTrain), (xTest, _)) = MnistSample.LoadData();
        xTrain = xTrain.Reshape(-1, 784) / 255f;
        xTest = xTest.Reshape(-1, 784) / 255f;
        var model = new Sequential(new Input(784), new Dense(64, activation: "relu"), new Dense(10, activation: "softmax"));
        model.Compile("rmsprop", "categorical_crossentropy");
        model.Fit(xTrain[..2048], Utils.ToCategorical(yTrain[..2048], 10), batchSize: 128, epochs: 1, verbose: 0);
        string path = Path.Combine(_folder, "digits.keras");
        model.Save(path);
        Model loaded = Model.Load(path);
        const int rows = 400;
        // One row per request, so in-process predictions are of one row too (the one-row kernel, as the server's).
        float[][] expected = [.. Enumerable.Range(0, rows).Select(i => loaded.Predict(xTest[i..(i + 1)]).ToArray())];
        string[] bodies = [.. Enumerable.Range(0, rows).Select(i => JsonSerializer.Serialize(new { rows = new[] { xTest[i..(i + 1)].ToArray() } }))];

        Uri server = await Start(path);
        using var client = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
        string health = await client.GetStringAsync("/health");
        Assert.Contains("\"status\":\"ok\"", health);
        Assert.Contains("\"inputShape\":[784]", health);

        const int clients = 8, requests = 500;
        var latencies = new double[clients * requests];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            for (int r = 0; r < requests; r++)
            {
                int i = (c * requests + r) % rows;
                var one = Stopwatch.StartNew();
                using HttpResponseMessage response = await client.PostAsync("/predict", Json(bodies[i]));
                string text = await response.Content.ReadAsStringAsync();
                latencies[c * requests + r] = one.Elapsed.TotalMilliseconds;
                Assert.True(response.StatusCode == HttpStatusCode.OK, text);
                Assert.Equal(expected[i], Prediction(text));
            }
        })));
        double seconds = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        Console.WriteLine($"PredictServer: {clients * requests / seconds:F0} requests/s, p50 {latencies[latencies.Length / 2]:F2} ms, p99 {latencies[latencies.Length * 99 / 100]:F2} ms");

        // A PNG digit: prepared as the CLI's predict prepares one.
        byte[] png = DigitPng(xTest[0..1].ToArray());
        float[] pictureExpected = loaded.Predict(Tensor.FromArray(MnistImage.FromEncoded(png, "test"), 1, 784) / 255f).ToArray();
        using (var content = new ByteArrayContent(png))
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
            using HttpResponseMessage response = await client.PostAsync("/predict", content);
            string text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            Assert.Equal(pictureExpected, Prediction(text));
        }

        async Task BadRequest(HttpContent content, string message)
        {
            using HttpResponseMessage response = await client.PostAsync("/predict", content);
            string text = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(message, JsonDocument.Parse(text).RootElement.GetProperty("error").GetString());
        }
        await BadRequest(Json("{\"rows\": [[1, 2, 3]]}"), "Row 0 must be an array of 784 numbers (the model's input (784)), got 3 values.");
        await BadRequest(Json("{\"rows\": []}"), "\"rows\" is empty");
        await BadRequest(Json("[1, 2]"), "Expected a JSON object {\"rows\": [[…], …]}.");
        await BadRequest(Json("{\"rows\": [[1, 2"), "The body is not valid JSON");
        await BadRequest(Json("{\"rows\": [[" + string.Join(",", Enumerable.Repeat("\"a\"", 784)) + "]]}"), "Row 0, value 0 is not a finite number: \"a\"");
        await BadRequest(new StringContent("hello", Encoding.UTF8, "text/plain"), "Content-Type 'text/plain' is not accepted");
        var notPng = new ByteArrayContent([1, 2, 3, 4]);
        notPng.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        await BadRequest(notPng, "is not a PNG or JPEG image");
        // Still serving after the bad ones.
        using HttpResponseMessage after = await client.PostAsync("/predict", Json(bodies[1]));
        Assert.Equal(expected[1], Prediction(await after.Content.ReadAsStringAsync()));
    }

    /// <summary>The 28 × 28 pixels (0..1, ink bright) as a black-on-white PNG, as a user would draw a digit.</summary>
    private static byte[] DigitPng(float[] pixels)
    {
        using var bitmap = new SKBitmap(56, 56);
        for (int y = 0; y < 56; y++)
            for (int x = 0; x < 56; x++)
            {
                byte ink = (byte)Math.Clamp(255 - pixels[y / 2 * 28 + x / 2] * 255, 0, 255);
                bitmap.SetPixel(x, y, new SKColor(ink, ink, ink));
            }
        using SKData data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
