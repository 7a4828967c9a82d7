using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Optimizers;
using Backprop.Optimizers.Schedules;
using Backprop.Regularizers;

namespace Backprop.Serialization;

/// <summary>
/// Rebuilds objects from Keras 3's serialized form, as Keras's <c>cls.from_config(config)</c>: a library class by its
/// own <c>FromConfig</c> (listed in <see cref="KerasClasses"/>), then the settings every layer or optimizer has
/// (<c>trainable</c>, <c>activity_regularizer</c>, a schedule, clipping). A class of the user's that is registered
/// gets Keras's default, <c>cls(**config)</c>: the widest public constructor whose parameters the config can fill
/// (snake_case keys), then the remaining keys onto settable properties. Keys we do not model (Keras's <c>dtype</c>,
/// <c>use_ema</c>, constraints) are ignored. Every failure is an <see cref="InvalidDataException"/> naming the object
/// and the problem.
/// </summary>
internal static class KerasConfigReader
{
    public static T Deserialize<T>(JsonNode? node) where T : class
    {
        if (node is JsonValue value && value.TryGetValue(out string? name)) return ByName<T>(name);
        if (node is not JsonObject serialized)
            throw new InvalidDataException($"expected a serialized {typeof(T).Name}, got {node?.ToJsonString() ?? "null"}.");
        string className = String(serialized, "class_name");
        string module = serialized["module"] is JsonValue m && m.TryGetValue(out string? text) ? text : KerasObjects.Families.First(f => f.Base == typeof(T)).Module;
        string? registered = serialized["registered_name"] is JsonValue r && r.TryGetValue(out string? rn) ? rn : null;
        Type type = KerasObjects.Find(typeof(T), module, className, registered);
        JsonObject config = serialized["config"] as JsonObject ?? [];
        return (T)Construct(type, config);
    }

    private static T ByName<T>(string name) where T : class
    {
        try
        {
            object made = typeof(T) switch
            {
                var t when t == typeof(Optimizer) => Optimizer.Get(name),
                var t when t == typeof(Loss) => Loss.Get(name),
                var t when t == typeof(Metric) => Metric.Get(name),
                var t when t == typeof(Initializer) => Initializer.Get(name),
                var t when t == typeof(Regularizer) => Regularizer.Get(name),
                _ => throw new InvalidDataException($"a {typeof(T).Name} must be a serialized object, got the string '{name}'."),
            };
            return (T)made;
        }
        catch (ArgumentException e) { throw new InvalidDataException(e.Message, e); }
    }

    private static object Construct(Type type, JsonObject config)
    {
        if (KerasObjects.FromConfigOf(type) is { } fromConfig) return FromConfig(type, fromConfig, config);
        return ConstructUserClass(type, config);
    }

    private static object FromConfig(Type type, Func<KerasConfig, object> fromConfig, JsonObject json)
    {
        var config = new KerasConfig(KerasObjects.ClassName(type), json);
        try
        {
            object made = fromConfig(config);
            if (made is Layer layer) layer.RestoreCommonConfig(config);
            if (made is Optimizer optimizer) optimizer.RestoreCommonConfig(config);
            return made;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new InvalidDataException($"{config.ClassName}: {e.Message}", e);
        }
    }

    private static object ConstructUserClass(Type type, JsonObject config)
    {
        JsonNode? schedule = null;
        if (typeof(Optimizer).IsAssignableFrom(type) && config["learning_rate"] is JsonObject) schedule = config["learning_rate"];
        var used = new HashSet<string>();
        object? made = null;
        foreach (ConstructorInfo constructor in KerasObjects.Constructors(type))
        {
            if (TryArguments(type, constructor, config, schedule is not null, used) is not { } arguments) continue;
            try { made = constructor.Invoke(arguments); }
            catch (TargetInvocationException e) when (e.InnerException is ArgumentException or InvalidOperationException)
            {
                throw new InvalidDataException($"{KerasObjects.ClassName(type)}: {e.InnerException.Message}", e.InnerException);
            }
            break;
        }
        if (made is null)
            throw new InvalidDataException($"cannot build {KerasObjects.ClassName(type)} from its config {config.ToJsonString()}: a required key is missing or has the wrong type.");
        if (schedule is not null) SetProperty(made, "Schedule", Deserialize<LearningRateSchedule>(schedule));
        foreach (var (key, node) in config)
        {
            if (used.Contains(key) || node is null || key is "name" or "learning_rate") continue;
            PropertyInfo? property = KerasConfigWriter.FindProperty(type, key);
            if (property?.SetMethod is not { IsPublic: true } || !TryConvert(node, property.PropertyType, out object? converted)) continue;
            SetProperty(made, property.Name, converted);
        }
        return made;
    }

    private static void SetProperty(object target, string name, object? value)
    {
        try { target.GetType().GetProperty(name)!.SetValue(target, value); }
        catch (TargetInvocationException e) when (e.InnerException is ArgumentException or InvalidOperationException)
        {
            throw new InvalidDataException($"{KerasObjects.ClassName(target.GetType())}: {e.InnerException.Message}", e.InnerException);
        }
    }

    private static object?[]? TryArguments(Type type, ConstructorInfo constructor, JsonObject config, bool skipLearningRate, HashSet<string> used)
    {
        ParameterInfo[] parameters = constructor.GetParameters();
        var arguments = new object?[parameters.Length];
        var keys = new List<string>();
        for (int i = 0; i < parameters.Length; i++)
        {
            ParameterInfo p = parameters[i];
            string key = KerasConfigWriter.KeyOf(p.Name!);
            JsonNode? node = config[key];
            bool present = config.ContainsKey(key) && !(skipLearningRate && key == "learning_rate");
            if (present && (node is not null || !p.ParameterType.IsValueType || Nullable.GetUnderlyingType(p.ParameterType) is not null))
            {
                if (!TryConvert(node, p.ParameterType, out arguments[i])) return null;
                keys.Add(key);
            }
            else if (p.HasDefaultValue) arguments[i] = p.DefaultValue;
            else return null;
        }
        used.Clear();
        used.UnionWith(keys);
        return arguments;
    }

    private static bool TryConvert(JsonNode? node, Type type, out object? value)
    {
        value = null;
        Type? underlying = Nullable.GetUnderlyingType(type);
        if (node is null) return underlying is not null || !type.IsValueType;
        type = underlying ?? type;
        try
        {
            if (node is JsonValue v)
            {
                switch (v.GetValueKind())
                {
                    case JsonValueKind.True or JsonValueKind.False when type == typeof(bool): value = v.GetValue<bool>(); return true;
                    case JsonValueKind.String when type == typeof(string): value = v.GetValue<string>(); return true;
                    case JsonValueKind.String when type == typeof(ActivationFunction): value = Activations.Activations.Get(v.GetValue<string>()); return true;
                    case JsonValueKind.Number: return TryNumber(NumberOf(v), type, out value);
                }
            }
            if (node is JsonArray array && type.IsArray && array.All(e => e is JsonValue ev && ev.GetValueKind() == JsonValueKind.Number))
            {
                Type element = type.GetElementType()!;
                Array result = Array.CreateInstance(element, array.Count);
                for (int i = 0; i < array.Count; i++)
                {
                    if (!TryNumber(NumberOf(array[i]!.AsValue()), element, out object? item)) return false;
                    result.SetValue(item, i);
                }
                value = result;
                return true;
            }
            if (type == typeof(Initializer)) { value = Deserialize<Initializer>(node); return true; }
            if (type == typeof(Regularizer)) { value = Deserialize<Regularizer>(node); return true; }
            if (type == typeof(LearningRateSchedule)) { value = Deserialize<LearningRateSchedule>(node); return true; }
        }
        catch (ArgumentException e) { throw new InvalidDataException(e.Message, e); }
        return false;
    }

    // A node built in memory may hold a float or an int rather than a parsed number; its JSON text reads the same either way.
    private static double NumberOf(JsonValue value) => double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    private static bool TryNumber(double number, Type type, out object? value)
    {
        value = null;
        bool integral = Math.Floor(number) == number;
        if (type == typeof(float)) value = (float)number;
        else if (type == typeof(double)) value = number;
        else if (type == typeof(int) && integral && number is >= int.MinValue and <= int.MaxValue) value = (int)number;
        else if (type == typeof(long) && integral && Math.Abs(number) < 9.2e18) value = (long)number;
        return value is not null;
    }

    public static string String(JsonObject o, string key) =>
        o[key] is JsonValue v && v.TryGetValue(out string? s) ? s : throw new InvalidDataException($"the key '{key}' must be a string in {Abbreviate(o)}.");

    private static string Abbreviate(JsonNode node)
    {
        string json = node.ToJsonString();
        return json.Length <= 200 ? json : json[..200] + "…";
    }
}
