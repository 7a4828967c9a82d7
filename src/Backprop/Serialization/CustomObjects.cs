using System.Collections.Concurrent;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Regularizers;

namespace Backprop.Serialization;

/// <summary>
/// Your own layer, loss, metric, initializer or regularizer classes in .keras files, Keras's
/// <c>register_keras_serializable(package, name)</c>: a registered class is written with
/// <c>"registered_name": "package&gt;name"</c> and rebuilt on load from that name, by calling its widest public
/// constructor with its config (<c>GetConfig</c>'s keys in snake_case, as for the built-in classes); a subclassed model
/// is then built by calling it on zeros of its <c>build_config</c> shape, and its weights are read at the paths of the
/// layers it holds (layers/dense, layers/dense_1, …), as Keras reads them. A class can also
/// be given for one load only: <c>Model.Load(path, customObjects: …)</c>, as Keras's <c>custom_objects</c>.
/// <code>CustomObjects.Register&lt;Linear&gt;("my_package");   // saved as "my_package&gt;Linear"</code>
/// </summary>
public static class CustomObjects
{
    private static readonly ConcurrentDictionary<string, Type> ByRegisteredName = new();
    private static readonly ConcurrentDictionary<Type, string> NameOf = new();
    private static readonly AsyncLocal<IReadOnlyDictionary<string, Type>?> ForThisLoad = new();

    private static readonly Type[] Families = [typeof(Layer), typeof(Loss), typeof(Metric), typeof(Initializer), typeof(Regularizer)];

    /// <summary>Registers <typeparamref name="T"/> under "package&gt;name" (the class name by default), as Keras's decorator does.</summary>
    /// <exception cref="ArgumentException">The class is not a layer, loss, metric, initializer or regularizer, is abstract,
    /// or the name is taken by another class.</exception>
    public static string Register<T>(string package = "Custom", string? name = null) where T : class
    {
        Type type = typeof(T);
        ArgumentException.ThrowIfNullOrEmpty(package);
        if (type.IsAbstract || !Families.Any(f => f.IsAssignableFrom(type)) || type == typeof(Model) || typeof(Sequential).IsAssignableFrom(type))
            throw new ArgumentException($"{type.Name} cannot be registered: only concrete layer (subclassed models included), loss, metric, initializer and regularizer classes are saved by their config.", nameof(T));
        string registered = $"{package}>{name ?? type.Name}";
        Type existing = ByRegisteredName.GetOrAdd(registered, type);
        if (existing != type) throw new ArgumentException($"'{registered}' is already registered for {existing.FullName}.", nameof(name));
        NameOf[type] = registered;
        return registered;
    }

    /// <summary>The name a class is saved under, when it is registered.</summary>
    internal static string? RegisteredName(Type type) => NameOf.TryGetValue(type, out string? name) ? name : null;

    /// <summary>A class for a serialized object that is not one of the library's: by its registered name, or by the
    /// registered name or class name among the load's custom objects.</summary>
    internal static Type? Find(Type family, string? registeredName, string className)
    {
        IReadOnlyDictionary<string, Type>? local = ForThisLoad.Value;
        foreach (string? key in new[] { registeredName, className })
        {
            if (key is null) continue;
            if (local is not null && local.TryGetValue(key, out Type? given) && family.IsAssignableFrom(given)) return given;
            if (ByRegisteredName.TryGetValue(key, out Type? registered) && family.IsAssignableFrom(registered)) return registered;
        }
        return null;
    }

    /// <summary>Makes <paramref name="customObjects"/> visible to the config reader until the scope is disposed.</summary>
    internal static Scope Use(IReadOnlyDictionary<string, Type>? customObjects)
    {
        IReadOnlyDictionary<string, Type>? previous = ForThisLoad.Value;
        ForThisLoad.Value = customObjects;
        return new Scope(previous);
    }

    internal readonly struct Scope(IReadOnlyDictionary<string, Type>? previous) : IDisposable
    {
        public void Dispose() => ForThisLoad.Value = previous;
    }
}
