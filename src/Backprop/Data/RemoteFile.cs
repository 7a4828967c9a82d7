namespace Backprop.Datasets;

/// <summary>A file to download: its name in the cache, its published SHA-256 (lower-case hex) and, when published, its size in bytes.</summary>
public sealed record RemoteFile(string Name, string Sha256, long? Size = null);
