using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backprop.Serialization.Hdf5;

namespace Backprop.Serialization;

/// <summary>
/// The <c>.keras</c> file: a zip holding <c>metadata.json</c>, <c>config.json</c> and <c>model.weights.h5</c>,
/// as Keras 3's saving_lib writes it (entries stored uncompressed, in that order).
/// </summary>
internal static class KerasArchive
{
    public const string MetadataEntry = "metadata.json";
    public const string ConfigEntry = "config.json";
    public const string WeightsEntry = "model.weights.h5";

    // The largest entry we accept: a corrupt archive declaring a huge size must not make us allocate gigabytes.
    private const long MaxEntryBytes = 1L << 31;

    /// <summary>Test hook: runs between writing the config and the weights, so a test can fail a save half-way.</summary>
    internal static readonly AsyncLocal<Action?> BeforeWeights = new();

    public static void Save(Model model, string path, bool includeOptimizer)
    {
        // Everything that can fail on the model's side is computed before the target is touched.
        byte[] config = JsonBytes(ModelConfig.ToJson(model));
        byte[] weights = Hdf5Writer.Write(WeightsFile.FromModel(model, includeOptimizer));
        var metadata = new JsonObject
        {
            // The layout is Keras 3.x's; Keras reads this field to pick its loading rules.
            ["keras_version"] = "3.6.0",
            ["producer"] = "Backprop " + typeof(KerasArchive).Assembly.GetName().Version,
            ["date_saved"] = DateTime.Now.ToString("yyyy-MM-dd@HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        };
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            Add(zip, MetadataEntry, JsonBytes(metadata));
            Add(zip, ConfigEntry, config);
            BeforeWeights.Value?.Invoke();
            Add(zip, WeightsEntry, weights);
        });
    }

    private static byte[] JsonBytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        ZipArchiveEntry entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
        using Stream s = entry.Open();
        s.Write(content);
    }

    public static Model Load(string path, bool compile)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No model file at '{path}'.", path);
        try
        {
            using var zip = OpenZip(path);
            JsonNode? configNode = JsonNode.Parse(Read(zip, ConfigEntry));
            if (configNode is not JsonObject config) throw new InvalidDataException("config.json is not a JSON object.");
            Hdf5Group weights = Hdf5Reader.Read(Read(zip, WeightsEntry));
            Sequential model = ModelConfig.FromJson(config, compile);
            WeightsFile.LoadLayers(model, weights, path);
            if (compile) WeightsFile.LoadOptimizer(model, weights, path);
            return model;
        }
        catch (Exception e) when (IsFormatProblem(e))
        {
            throw new ModelFormatException(path, Reason(e), e);
        }
    }

    private static ZipArchive OpenZip(string path)
    {
        FileStream file = File.OpenRead(path);
        try { return new ZipArchive(file, ZipArchiveMode.Read); }
        catch (InvalidDataException e)
        {
            file.Dispose();
            throw new InvalidDataException("not a .keras model (not a zip archive, or a truncated one).", e);
        }
    }

    /// <summary>Failures that mean "this file is not a model we can load", as opposed to bugs or I/O errors.</summary>
    internal static bool IsFormatProblem(Exception e) => e is InvalidDataException or JsonException or FormatException or NotSupportedException or EndOfStreamException
        or (ArgumentException and not ArgumentNullException) or (InvalidOperationException and not ObjectDisposedException);

    internal static string Reason(Exception e) => e switch
    {
        JsonException => "config.json is not valid JSON: " + e.Message,
        _ => e.Message,
    };

    private static byte[] Read(ZipArchive zip, string name)
    {
        ZipArchiveEntry entry = zip.GetEntry(name) ?? throw new InvalidDataException(
            $"the archive has no '{name}' (it has: {string.Join(", ", zip.Entries.Select(e => e.FullName))}); is it a .keras model?");
        if (entry.Length > MaxEntryBytes) throw new InvalidDataException($"'{name}' declares {entry.Length} bytes, more than a model file can hold.");
        var content = new byte[entry.Length];
        using (Stream s = entry.Open())
        {
            s.ReadExactly(content);
            if (s.ReadByte() != -1) throw new InvalidDataException($"'{name}' is longer than its declared size.");
        }
        if (Crc32.Compute(content) != entry.Crc32) throw new InvalidDataException($"'{name}' is corrupt (its CRC-32 does not match).");
        return content;
    }
}
