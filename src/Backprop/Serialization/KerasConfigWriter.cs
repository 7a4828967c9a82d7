using System.Reflection;
using System.Text.Json.Nodes;
using Backprop.Activations;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Optimizers;
using Backprop.Optimizers.Schedules;
using Backprop.Initializers;
using Backprop.Regularizers;

namespace Backprop.Serialization;

/// <summary>
/// Turns library objects into Keras 3's serialized form
/// (<c>{"module", "class_name", "config", "registered_name"}</c>, as keras/src/saving/serialization_lib.py writes).
/// Every object's config is its class's own <c>GetConfig</c> (Keras's <c>get_config</c>), written out key by key;
/// only a class of the user's that declares none is read from its constructor (<see cref="ConstructorConfig"/>).
/// </summary>
internal static class KerasConfigWriter
{
    public static JsonObject Serialize(object value) => value is LossFunction or MetricFunction ? FunctionReference(value) : new()
    {
        ["module"] = KerasObjects.ModuleOf(value.GetType()),
        ["class_name"] = KerasObjects.ClassName(value.GetType()),
        ["config"] = ConfigOf(value),
        ["registered_name"] = KerasObjects.RegisteredNameOf(value.GetType()),
    };

    // serialization_lib.serialize_keras_object on a plain function: {"module", "class_name": "function", "config": its
    // name, "registered_name": its name}. The code itself is not written; loading needs the function again.
    private static JsonObject FunctionReference(object value)
    {
        string name = value is Loss loss ? loss.Name : ((Metrics.Metric)value).Name;
        return new JsonObject { ["module"] = "backprop.functions", ["class_name"] = "function", ["config"] = name, ["registered_name"] = name };
    }

    public static JsonObject ConfigOf(object value) => FromDictionary(value switch
    {
        Layer layer => layer.GetConfig(),
        Optimizer optimizer => optimizer.GetConfig(),
        LearningRateSchedule schedule => schedule.GetConfig(),
        Loss loss => loss.GetConfig(),
        Metric metric => metric.GetConfig(),
        Initializer initializer => initializer.GetConfig(),
        Regularizer regularizer => regularizer.GetConfig(),
        _ => throw new ArgumentException($"{value.GetType().Name} is not a Keras object Backprop can serialize."),
    });

    /// <summary>
    /// Keras's default for a class of the user's that declares no config of its own: each constructor parameter's value
    /// is the public property of the same name, under its snake_case key, so that <see cref="KerasConfigReader"/> can call
    /// the same constructor with it (Keras's <c>cls(**config)</c>). The library's own classes never come here: each
    /// writes its config explicitly, so a renamed C# parameter cannot change a file.
    /// </summary>
    /// <exception cref="InvalidOperationException">A library class that does not declare its config, or a constructor
    /// parameter without a property of its name.</exception>
    public static IDictionary<string, object?> ConstructorConfig(object value)
    {
        Type type = value.GetType();
        if (type.Assembly == typeof(KerasConfigWriter).Assembly)
            throw new InvalidOperationException($"{type.Name} must declare its config (override OwnConfig): the library's classes do not read constructors by reflection.");
        var config = new Dictionary<string, object?>();
        foreach (ParameterInfo parameter in KerasObjects.Constructors(type)[0].GetParameters())
        {
            PropertyInfo property = PropertyFor(type, KeyOf(parameter.Name!))
                ?? throw new InvalidOperationException($"{type.Name} has no public property for its constructor parameter '{parameter.Name}', so it cannot be serialized.");
            config[KeyOf(parameter.Name!)] = property.GetValue(value);
        }
        return config;
    }

    public static JsonObject FromDictionary(IDictionary<string, object?> dictionary)
    {
        var config = new JsonObject();
        foreach (var (key, item) in dictionary) config[key] = ToNode(item);
        return config;
    }

    /// <summary>Keras's key for a constructor parameter: snake_case, with Keras's spelling of β₁ and β₂.</summary>
    public static string KeyOf(string parameterName) => NameRegistry.SnakeCase(parameterName) switch
    {
        "beta1" => "beta_1",
        "beta2" => "beta_2",
        var key => key,
    };

    /// <summary>The property holding a config key in a class of the user's: the one named like it.</summary>
    public static PropertyInfo? PropertyFor(Type type, string key) => FindProperty(type, key);

    public static PropertyInfo? FindProperty(Type type, string name) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => string.Equals(p.Name, name.Replace("_", ""), StringComparison.OrdinalIgnoreCase));

    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        bool b => b,
        int i => i,
        long l => l,
        float f => f,
        double d => d,
        string s => s,
        ActivationFunction activation => activation.Name,
        int[] ints => new JsonArray(ints.Select(i => (JsonNode?)i).ToArray()),
        int[][] rows => new JsonArray(rows.Select(r => ToNode(r)).ToArray()),
        int?[] ints => new JsonArray(ints.Select(i => (JsonNode?)i).ToArray()),
        long[] longs => new JsonArray(longs.Select(l => (JsonNode?)l).ToArray()),
        float[] floats => new JsonArray(floats.Select(f => (JsonNode?)f).ToArray()),
        IReadOnlyList<long> longs => new JsonArray(longs.Select(l => (JsonNode?)l).ToArray()),
        IReadOnlyList<float> floats => new JsonArray(floats.Select(f => (JsonNode?)f).ToArray()),
        IDictionary<string, object?> dictionary => FromDictionary(dictionary),
        _ => Serialize(value),
    };
}
