using System.Security.Cryptography;

namespace Backprop.Datasets;

/// <summary>
/// Downloads dataset files into a cache folder so that only complete, verified files ever land there:
/// each file goes to a temporary file in the same folder, its size and SHA-256 are checked, and only then
/// is it renamed into place. A corrupt or missing file on one mirror falls back to the next; network
/// errors are retried with exponential back-off. A file already in the cache that verifies is used
/// without any request.
/// </summary>
public sealed class DatasetDownloader
{
    private readonly HttpClient _client;
    private readonly TextWriter? _progress;
    private readonly int _attempts;
    private readonly TimeSpan _backoff;

    /// <summary>Creates a downloader.</summary>
    /// <param name="client">The HTTP client (a default one with a 5-minute timeout if null).</param>
    /// <param name="progress">Where to print progress (nothing if null).</param>
    /// <param name="attemptsPerMirror">Tries per mirror for network errors (at least 1).</param>
    /// <param name="initialBackoff">Wait before the second try, doubled each time (1 s by default).</param>
    public DatasetDownloader(HttpClient? client = null, TextWriter? progress = null, int attemptsPerMirror = 3, TimeSpan? initialBackoff = null)
    {
        if (attemptsPerMirror < 1) throw new ArgumentOutOfRangeException(nameof(attemptsPerMirror), $"attemptsPerMirror must be at least 1, got {attemptsPerMirror}.");
        _client = client ?? new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        _progress = progress;
        _attempts = attemptsPerMirror;
        _backoff = initialBackoff ?? TimeSpan.FromSeconds(1);
    }

    /// <summary>Returns the path of <paramref name="file"/> in <paramref name="cacheFolder"/>, downloading it from the first mirror that serves it intact.</summary>
    /// <exception cref="IOException">No mirror gave a verified file; the message lists each mirror's failure and how to place the file by hand.</exception>
    public string Fetch(RemoteFile file, IReadOnlyList<string> mirrors, string cacheFolder)
    {
        Directory.CreateDirectory(cacheFolder);
        string target = Path.Combine(cacheFolder, file.Name);
        if (File.Exists(target) && Verify(target, file) is null) return target;
        var failures = new List<string>();
        // Whether any mirror answered at all: when none did (no network), one short line says so instead of every URL's error.
        bool answered = false;
        string? unreachable = null;
        foreach (string mirror in mirrors)
        {
            string url = mirror.TrimEnd('/') + "/" + file.Name;
            for (int attempt = 1; attempt <= _attempts; attempt++)
            {
                string temp = Path.Combine(cacheFolder, $".{file.Name}.{Guid.NewGuid():N}.partial");
                try
                {
                    _progress?.WriteLine($"downloading {url}");
                    using (HttpResponseMessage response = _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult())
                    {
                        answered = true;
                        if (!response.IsSuccessStatusCode)
                        {
                            failures.Add($"{url}: HTTP {(int)response.StatusCode}");
                            break;   // a missing file will not appear on a retry: next mirror
                        }
                        using Stream body = response.Content.ReadAsStream();
                        using (FileStream output = File.Create(temp)) Copy(body, output, response.Content.Headers.ContentLength, file.Name);
                    }
                    string? problem = Verify(temp, file);
                    if (problem is not null)
                    {
                        failures.Add($"{url}: {problem}");
                        break;   // the mirror serves a bad file: next mirror
                    }
                    File.Move(temp, target, overwrite: true);
                    return target;
                }
                catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
                {
                    failures.Add($"{url}: {e.GetType().Name}: {e.Message}");
                    unreachable ??= e.Message;
                    if (attempt < _attempts) Thread.Sleep(_backoff * Math.Pow(2, attempt - 1));
                }
                finally
                {
                    if (File.Exists(temp)) File.Delete(temp);
                }
            }
        }
        string why = answered || unreachable is null ? string.Join("; ", failures)
            : $"no mirror could be reached ({mirrors.Count} mirrors, {failures.Count} tries; the first said: {unreachable}) — is this machine offline?";
        throw new IOException($"Could not download {file.Name}: {why}. To install it by hand, put {file.Name} (SHA-256 {file.Sha256}) in {cacheFolder}.");
    }

    /// <summary>Copies the body, redrawing a one-line progress bar on the progress writer when the size is known.</summary>
    private void Copy(Stream body, Stream output, long? length, string name)
    {
        var buffer = new byte[1 << 16];
        long done = 0;
        int lastPercent = -1, read;
        while ((read = body.Read(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
            done += read;
            if (_progress is null || length is not > 0) continue;
            int percent = (int)(100 * done / length.Value);
            if (percent == lastPercent) continue;
            lastPercent = percent;
            int filled = percent / 5;
            _progress.Write($"\r{name} {new string('━', filled)}{new string(' ', 20 - filled)} {percent,3}% {done / 1048576.0:F1}/{length.Value / 1048576.0:F1} MB");
            if (done == length.Value) _progress.WriteLine();
        }
    }

    /// <summary>Null if the file has the published size and hash, else what is wrong.</summary>
    private static string? Verify(string path, RemoteFile file)
    {
        long size = new FileInfo(path).Length;
        if (file.Size is { } expected && size != expected) return $"size {size} bytes, expected {expected}";
        using FileStream stream = File.OpenRead(path);
        string hash = Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
        return hash == file.Sha256 ? null : $"SHA-256 {hash}, expected {file.Sha256}";
    }
}
