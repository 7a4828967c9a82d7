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

    // config.json describes layers, not weights: real ones are kilobytes. A few megabytes bounds a hostile one.
    private const long MaxConfigBytes = 8L << 20;

    // Keras writes its entries stored, not compressed (saving_lib.py), so an entry that inflates to more than this many
    // times its stored size is a decompression bomb (Keras's own guard uses the same ratio, from 4 GiB up).
    private const long MaxExpansion = 100;

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
            JsonNode? configNode = JsonNode.Parse(Read(zip, ConfigEntry, MaxConfigBytes));
            if (configNode is not JsonObject config) throw new InvalidDataException("config.json is not a JSON object.");
            ZipArchiveEntry weightsEntry = Entry(zip, WeightsEntry, MaxEntryBytes);
            // The weights the config asks for must fit in the weights entry: checked as each layer is built, before its
            // weights are allocated, so a small file asking for Dense(1000000) is refused at once.
            Model model;
            using (Layers.WeightBudget.Limit(weightsEntry.Length / sizeof(float), "the weights file"))
                model = ModelConfig.FromJson(config, compile);
            Hdf5Group weights = Hdf5Reader.Read(Read(zip, WeightsEntry, MaxEntryBytes));
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

    private static ZipArchiveEntry Entry(ZipArchive zip, string name, long maxBytes)
    {
        ZipArchiveEntry entry = zip.GetEntry(name) ?? throw new InvalidDataException(
            $"the archive has no '{name}' (it has: {string.Join(", ", zip.Entries.Select(e => e.FullName))}); is it a .keras model?");
        if (entry.Length > maxBytes) throw new InvalidDataException($"'{name}' declares {entry.Length} bytes, more than it can hold (at most {maxBytes}).");
        if (entry.Length > Math.Max(1L << 16, entry.CompressedLength * MaxExpansion))
            throw new InvalidDataException($"'{name}' would inflate from {entry.CompressedLength} to {entry.Length} bytes, more than {MaxExpansion} times: a decompression bomb, not a model.");
        return entry;
    }

    private static byte[] Read(ZipArchive zip, string name, long maxBytes)
    {
        ZipArchiveEntry entry = Entry(zip, name, maxBytes);
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
