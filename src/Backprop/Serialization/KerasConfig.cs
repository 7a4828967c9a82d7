using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Optimizers.Schedules;
using Backprop.Regularizers;

namespace Backprop.Serialization;

/// <summary>
/// The <c>config</c> of a serialized object, read key by key by each class's <c>FromConfig</c> (Keras's
/// <c>from_config</c>). A missing key, or a JSON null where a number or flag belongs, takes the default the class
/// passes (Keras's constructor default); a key of the wrong type is an <see cref="InvalidDataException"/> naming the
/// class, the key, what it must be and what the file has. Keys a class does not read (Keras's <c>dtype</c>,
/// <c>use_ema</c>, constraints) are ignored, as loading a Keras file needs.
/// </summary>
internal sealed class KerasConfig(string className, JsonObject config)
{
    /// <summary>The class being built, for messages.</summary>
    public string ClassName { get; } = className;

    public bool Has(string key) => config[key] is not null;

    /// <summary>Whether <paramref name="key"/> holds a list (a key Keras writes either as one value or as a list).</summary>
    public bool IsList(string key) => config[key] is JsonArray;

    /// <summary>Keras's <c>batch_shape</c> ([null, d1, …]) without its batch axis, or the dimensions of <c>shape</c>.</summary>
    public int[] SampleShape()
    {
        if (config["batch_shape"] is not JsonArray batch) return Ints("shape");
        if (batch.Count < 2 || batch[0] is not null) throw Wrong("batch_shape", "[null, positive sizes…]", batch);
        var dims = new JsonObject { ["shape"] = new JsonArray([.. batch.Skip(1).Select(d => d?.DeepClone())]) };
        return new KerasConfig(ClassName, dims).Ints("shape");
    }

    private JsonValue? Value(string key, string expected)
    {
        JsonNode? node = config[key];
        if (node is null) return null;
        return node as JsonValue ?? throw Wrong(key, expected, node);
    }

    private InvalidDataException Wrong(string key, string expected, JsonNode? node) =>
        new($"{ClassName}: the config key '{key}' must be {expected}, got {node?.ToJsonString() ?? "null"}.");

    private double? Number(string key, string expected)
    {
        if (Value(key, expected) is not { } v) return null;
        if (v.GetValueKind() != JsonValueKind.Number) throw Wrong(key, expected, v);
        // A node built in memory may hold a float or an int rather than a parsed number; its JSON text reads the same either way.
        return double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture);
    }

    public float Float(string key, float fallback) => Number(key, "a number") is { } d ? (float)d : fallback;

    public float Float(string key) => Number(key, "a number") is { } d ? (float)d : throw Missing(key);

    public float? NullableFloat(string key, float? fallback) => Number(key, "a number or null") is { } d ? (float)d : fallback;

    public double Double(string key, double fallback) => Number(key, "a number") is { } d ? d : fallback;

    public int Int(string key, int fallback) => Integer(key) is { } i ? i : fallback;

    public int Int(string key) => Integer(key) ?? throw Missing(key);

    public long Long(string key, long fallback) => Number(key, "a whole number") is { } d ? ToLong(key, d) : fallback;

    public long Long(string key) => Number(key, "a whole number") is { } d ? ToLong(key, d) : throw Missing(key);

    private int? Integer(string key)
    {
        if (Number(key, "a whole number") is not { } d) return null;
        return Math.Floor(d) == d && d is >= int.MinValue and <= int.MaxValue ? (int)d : throw Wrong(key, "a whole number", config[key]);
    }

    private long ToLong(string key, double d) => Math.Floor(d) == d && Math.Abs(d) < 9.2e18 ? (long)d : throw Wrong(key, "a whole number", config[key]);

    public bool Bool(string key, bool fallback)
    {
        if (Value(key, "true or false") is not { } v) return fallback;
        return v.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Wrong(key, "true or false", v),
        };
    }

    public string? NullableString(string key, string? fallback)
    {
        if (!config.ContainsKey(key)) return fallback;
        if (Value(key, "a string or null") is not { } v) return null;
        return v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw Wrong(key, "a string or null", v);
    }

    public string String(string key, string fallback) => NullableString(key, fallback) ?? fallback;

    public string String(string key) => NullableString(key, null) ?? throw Missing(key);

    /// <summary>The optimizer's learning rate when it is a number; its default when the key holds a schedule instead.</summary>
    public float LearningRate(float fallback) => config["learning_rate"] is JsonObject ? fallback : Float("learning_rate", fallback);

    /// <summary>The schedule a <c>learning_rate</c> key holds, or null when it is a number.</summary>
    public LearningRateSchedule? Schedule() =>
        config["learning_rate"] is JsonObject schedule ? KerasConfigReader.Deserialize<LearningRateSchedule>(schedule) : null;

    public int[] Ints(string key) => Array(key, n => Math.Floor(n) == n && n is >= int.MinValue and <= int.MaxValue ? (int)n : (int?)null, "a list of whole numbers") ?? throw Missing(key);

    public long[] Longs(string key) => Array(key, n => Math.Floor(n) == n && Math.Abs(n) < 9.2e18 ? (long)n : (long?)null, "a list of whole numbers") ?? throw Missing(key);

    public float[] Floats(string key) => Array<float>(key, n => (float)n, "a list of numbers") ?? throw Missing(key);

    private T[]? Array<T>(string key, Func<double, T?> convert, string expected) where T : struct
    {
        JsonNode? node = config[key];
        if (node is null) return null;
        if (node is not JsonArray array) throw Wrong(key, expected, node);
        var result = new T[array.Count];
        for (int i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonValue v || v.GetValueKind() != JsonValueKind.Number) throw Wrong(key, expected, node);
            result[i] = convert(double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture)) ?? throw Wrong(key, expected, node);
        }
        return result;
    }

    /// <summary>A height and width Keras writes as a tuple ([h, w]) or one number.</summary>
    public Layers.Size2D Size2D(string key, Layers.Size2D fallback) => Has(key) ? Size2D(key) : fallback;

    /// <inheritdoc cref="Size2D(string, Layers.Size2D)"/>
    public Layers.Size2D Size2D(string key)
    {
        if (!IsList(key)) return Int(key);
        int[] pair = Ints(key);
        return pair.Length == 2 ? (pair[0], pair[1]) : throw Wrong(key, "one number or a pair", config[key]);
    }

    /// <summary>Keras's 2-D padding or cropping: one number for every side, [rows, columns] for both sides of each, or
    /// [[top, bottom], [left, right]].</summary>
    public ((int, int) Rows, (int, int) Columns) Pairs2D(string key, int fallback)
    {
        if (!Has(key)) return ((fallback, fallback), (fallback, fallback));
        if (!IsList(key)) { int v = Int(key); return ((v, v), (v, v)); }
        var list = (JsonArray)config[key]!;
        if (list.Count != 2) throw Wrong(key, "one number, [rows, columns] or [[top, bottom], [left, right]]", list);
        (int, int) Side(int i) => new KerasConfig(ClassName, new JsonObject { [key] = list[i]?.DeepClone() }).Pair(key, 0);
        return (Side(0), Side(1));
    }

    /// <summary>A pair Keras writes as [before, after] or one number for both.</summary>
    public (int, int) Pair(string key, int fallback)
    {
        if (!Has(key)) return (fallback, fallback);
        if (!IsList(key)) { int v = Int(key); return (v, v); }
        int[] pair = Ints(key);
        return pair.Length == 2 ? (pair[0], pair[1]) : throw Wrong(key, "one number or a pair", config[key]);
    }

    /// <summary>A 1-D size Keras writes as a one-element tuple ([k]) or one number.</summary>
    public int Size1D(string key, int fallback) => Has(key) ? Size1D(key) : fallback;

    /// <inheritdoc cref="Size1D(string, int)"/>
    public int Size1D(string key)
    {
        if (!IsList(key)) return Int(key);
        int[] one = Ints(key);
        return one.Length == 1 ? one[0] : throw Wrong(key, "one number or a one-element list", config[key]);
    }

    public ActivationFunction? Activation(string key)
    {
        if (Value(key, "an activation's name") is not { } v) return null;
        if (v.GetValueKind() != JsonValueKind.String) throw Wrong(key, "an activation's name", v);
        try { return Activations.Activations.Get(v.GetValue<string>()); }
        catch (ArgumentException e) { throw new InvalidDataException($"{ClassName}: {e.Message}", e); }
    }

    public Initializer? Initializer(string key) => config[key] is { } node ? KerasConfigReader.Deserialize<Initializer>(node) : null;

    public Regularizer? Regularizer(string key) => config[key] is { } node ? KerasConfigReader.Deserialize<Regularizer>(node) : null;

    private InvalidDataException Missing(string key) =>
        new($"cannot build {ClassName} from its config {Abbreviated()}: the required key '{key}' is missing.");

    private string Abbreviated()
    {
        string json = config.ToJsonString();
        return json.Length <= 200 ? json : json[..200] + "…";
    }
}
