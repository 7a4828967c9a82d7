using System.Reflection;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Optimizers;
using Backprop.Optimizers.Schedules;
using Backprop.Regularizers;

namespace Backprop.Serialization;

/// <summary>
/// The families of serializable objects, each with Keras's module name (the <c>module</c> key of a
/// serialized object), and the classes in each (the explicit list in <see cref="KerasClasses"/>).
/// </summary>
internal static class KerasObjects
{
    public static readonly (Type Base, string Module)[] Families =
    [
        (typeof(Layer), "keras.layers"),
        (typeof(Optimizer), "keras.optimizers"),
        (typeof(LearningRateSchedule), "keras.optimizers.schedules"),
        (typeof(Loss), "keras.losses"),
        (typeof(Metric), "keras.metrics"),
        (typeof(Initializer), "keras.initializers"),
        (typeof(Regularizer), "keras.regularizers"),
    ];

    // Models are layers, but are written and read by ModelConfig, so they are not in the list.
    private static readonly Dictionary<(string Module, string ClassName), KerasClasses.Entry> ByName = KerasClasses.All
        .ToDictionary(e => (Families.First(f => f.Base.IsAssignableFrom(e.Type)).Module, ClassName(e.Type)));

    private static readonly Dictionary<Type, Func<KerasConfig, object>> FactoryOf = KerasClasses.All.ToDictionary(e => e.Type, e => e.FromConfig);

    /// <summary>The library class's <c>FromConfig</c>, or null for a class of the user's.</summary>
    public static Func<KerasConfig, object>? FromConfigOf(Type type) => FactoryOf.GetValueOrDefault(type);

    /// <summary>The registered_name Keras writes: "package&gt;name" for a registered class, the class name for another
    /// class of the user's (serialization_lib.py, get_registered_name), none for the library's own.</summary>
    public static string? RegisteredNameOf(Type type) =>
        CustomObjects.RegisteredName(type) ?? (type.Assembly != typeof(KerasObjects).Assembly ? type.Name : null);

    /// <summary>Losses and metrics made from functions: written as Keras writes a function, never rebuilt from a config.</summary>
    public static bool IsFunction(Type type) => type == typeof(LossFunction) || type == typeof(MetricFunction);

    /// <summary>Keras's class name: ours, except that Keras calls the input layer InputLayer.</summary>
    public static string ClassName(Type type) => type == typeof(Input) ? "InputLayer" : type == typeof(Model) ? "Functional" : type.Name;

    // A registered class is written with its own namespace as the module, as Keras writes a custom class's module.
    public static string ModuleOf(Type type) => type.Assembly != typeof(KerasObjects).Assembly ? type.Namespace ?? "custom"
        : Families.FirstOrDefault(f => f.Base.IsAssignableFrom(type)).Module
        ?? throw new ArgumentException($"{type.Name} is not a Keras object Backprop can serialize.");

    public static IEnumerable<Type> ClassesOf(Type family) => ByName.Values.Select(e => e.Type).Where(family.IsAssignableFrom);

    /// <summary>The class for a serialized object.</summary>
    /// <exception cref="InvalidDataException">No such class in the family (the message lists the known ones).</exception>
    public static Type Find(Type family, string module, string className, string? registeredName = null)
    {
        if (CustomObjects.Find(family, registeredName, className) is { } custom) return custom;
        string expected = Families.First(f => f.Base == family).Module;
        // Keras writes some built-ins with a longer module path ("keras.src.layers.core.dense"); the class name decides.
        if (!module.StartsWith("keras", StringComparison.Ordinal) || !ByName.TryGetValue((expected, className), out KerasClasses.Entry entry))
            throw new InvalidDataException($"unknown {family.Name.ToLowerInvariant()} '{registeredName ?? className}' (module '{module}'). Known: {string.Join(", ", ClassesOf(family).Select(ClassName).Order())}. "
                + "A class of your own loads when it is registered (CustomObjects.Register<T>(package)) or given to Model.Load(path, customObjects: …).");
        return entry.Type;
    }

    /// <summary>The public constructors of a class of the user's, widest first (Keras's default <c>cls(**config)</c>).</summary>
    public static ConstructorInfo[] Constructors(Type type) =>
        type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).OrderByDescending(c => c.GetParameters().Length).ToArray();
}
