using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Backprop.Datasets;

namespace Backprop.Tests.Data;

/// <summary>A real HTTP server on 127.0.0.1 serving good, corrupt, truncated, missing and slow files from fake mirrors.</summary>
public sealed class DownloadTests : IDisposable
{
    private static readonly byte[] Content = Enumerable.Range(0, 50_000).Select(i => (byte)(i * 7)).ToArray();
    private static readonly RemoteFile File = new("data.gz", Convert.ToHexString(SHA256.HashData(Content)).ToLowerInvariant(), Content.Length);
    private readonly HttpListener _listener;
    private readonly string _cache = Directory.CreateTempSubdirectory("backprop-cache-").FullName;
    private readonly string _base;
    private int _requests;

    public DownloadTests()
    {
        // A probed free port can be taken by another test before the listener binds it: try a few.
        for (int attempt = 0; ; attempt++)
        {
            _base = $"http://127.0.0.1:{FreePort()}/";
            _listener = new HttpListener();
            _listener.Prefixes.Add(_base);
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                _listener.Close();
            }
        }
        _ = Task.Run(Serve);
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            Interlocked.Increment(ref _requests);
            _ = Task.Run(() => Handle(context));   // concurrently, so a slow mirror does not hold up the next one
        }
    }

    private static async Task Handle(HttpListenerContext context)
    {
        {
            string mirror = context.Request.Url!.Segments[1].TrimEnd('/');
            HttpListenerResponse response = context.Response;
            try
            {
                switch (mirror)
                {
                    case "good":
                        response.ContentLength64 = Content.Length;
                        await response.OutputStream.WriteAsync(Content);
                        break;
                    case "corrupt":
                        byte[] bad = (byte[])Content.Clone();
                        bad[123] ^= 1;
                        response.ContentLength64 = bad.Length;
                        await response.OutputStream.WriteAsync(bad);
                        break;
                    case "truncated":
                        // Promise the whole file, send half, then drop the connection.
                        response.ContentLength64 = Content.Length;
                        await response.OutputStream.WriteAsync(Content.AsMemory(0, Content.Length / 2));
                        response.Abort();
                        return;
                    case "slow":
                        await Task.Delay(6000);   // well past the 2.5 s timeout the slow-mirror test uses
                        response.ContentLength64 = Content.Length;
                        await response.OutputStream.WriteAsync(Content);
                        break;
                    default:
                        response.StatusCode = 404;
                        break;
                }
                response.Close();
            }
            catch (Exception) { }
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        Directory.Delete(_cache, recursive: true);
    }

    // A generous timeout by default: with the suite's other tests (and CLI child processes) on both cores, a 1 s timeout
    // could expire on the good mirror too.
    private DatasetDownloader Downloader(double timeoutSeconds = 10) =>
        new(new HttpClient { Timeout = TimeSpan.FromSeconds(timeoutSeconds) }, attemptsPerMirror: 2, initialBackoff: TimeSpan.FromMilliseconds(10));

    private string[] CacheFiles() => Directory.GetFiles(_cache).Select(Path.GetFileName).ToArray()!;

    [Fact]
    public void CorruptFirstMirrorFallsBackToTheSecond()
    {
        string path = Downloader().Fetch(File, [_base + "corrupt/", _base + "good/"], _cache);
        Assert.Equal(Content, System.IO.File.ReadAllBytes(path));
        Assert.Equal(["data.gz"], CacheFiles());
    }

    [Fact]
    public void MissingAndSlowMirrorsFallBack()
    {
        string path = Downloader(timeoutSeconds: 2.5).Fetch(File, [_base + "missing/", _base + "slow/", _base + "good/"], _cache);
        Assert.Equal(Content, System.IO.File.ReadAllBytes(path));
    }

    [Fact]
    public void UnreachableMirrorsGiveOneShortLine()
    {
        // Nothing listens on these ports (the discard port, and a listener's port once it is stopped): every try is refused.
        var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        int port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        string[] mirrors = [$"http://127.0.0.1:{port}/a/", $"http://127.0.0.1:{port}/b/", $"http://127.0.0.1:{port}/c/"];
        var e = Assert.Throws<IOException>(() => Downloader().Fetch(File, mirrors, _cache));
        Assert.Contains("Could not download data.gz: no mirror could be reached (3 mirrors, 6 tries; the first said:", e.Message);
        Assert.Contains("is this machine offline?", e.Message);
        Assert.DoesNotContain("/b/", e.Message);   // not every URL's error
        Assert.Contains($"put data.gz (SHA-256 {File.Sha256}) in {_cache}", e.Message);
        Assert.Empty(CacheFiles());
    }

    [Fact]
    public void InterruptedDownloadsLeaveNoFileAndSayWhatFailed()
    {
        var e = Assert.Throws<IOException>(() => Downloader().Fetch(File, [_base + "truncated/", _base + "corrupt/", _base + "missing/"], _cache));
        Assert.Contains("truncated/data.gz", e.Message);
        Assert.Contains("SHA-256", e.Message);
        Assert.Contains("HTTP 404", e.Message);
        Assert.Contains($"put data.gz (SHA-256 {File.Sha256}) in {_cache}", e.Message);
        Assert.Empty(CacheFiles());
    }

    [Fact]
    public void ACachedVerifiedFileIsUsedWithoutAnyRequest()
    {
        Downloader().Fetch(File, [_base + "good/"], _cache);
        int before = _requests;
        string path = Downloader().Fetch(File, [_base + "good/"], _cache);
        Assert.Equal(before, _requests);
        Assert.Equal(Content, System.IO.File.ReadAllBytes(path));
    }

    [Fact]
    public void ProgressBarReachesOneHundredPercent()
    {
        var progress = new StringWriter();
        new DatasetDownloader(new HttpClient(), progress).Fetch(File, [_base + "good/"], _cache);
        string text = progress.ToString();
        Assert.Contains("downloading " + _base + "good/data.gz", text);
        Assert.Contains("\rdata.gz ━━━━━━━━━━━━━━━━━━━━ 100% 0.0/0.0 MB", text);
    }

    [Fact]
    public void ACorruptCachedFileIsReplaced()
    {
        System.IO.File.WriteAllBytes(Path.Combine(_cache, "data.gz"), [1, 2, 3]);
        string path = Downloader().Fetch(File, [_base + "good/"], _cache);
        Assert.Equal(Content, System.IO.File.ReadAllBytes(path));
    }
}
