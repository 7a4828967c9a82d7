using System.Collections;
using System.Reflection;

namespace Backprop.Layers;

// Keras tracks the layers a layer (or subclassed model) assigns to its attributes (layer.py, __setattr__ and the
// Tracker): their weights become its weights. C# has no assignment hook, so the fields of user classes are read:
// a Layer, or any collection or dictionary of them, in the order the fields are declared, base class first.
public abstract partial class Layer
{
    private Layer[]? _tracked;

    /// <summary>The layers held in this layer's fields (user classes only: the library's own layers hold none, and
    /// models list theirs in their graph). Read again until the layer is built, then fixed, as its weights are.</summary>
    private protected IReadOnlyList<Layer> TrackedLayers()
    {
        if (_tracked is { } cached) return cached;
        Layer[] found = FindTracked();
        if (_built) _tracked = found;
        return found;
    }

    private Layer[] FindTracked()
    {
        var types = new Stack<Type>();
        for (Type? t = GetType(); t is not null && t != typeof(Layer); t = t.BaseType)
            if (t.Assembly != typeof(Layer).Assembly) types.Push(t);
        if (types.Count == 0) return [];
        var found = new List<Layer>();
        var seen = new HashSet<Layer>(ReferenceEqualityComparer.Instance) { this };
        void Add(object? item)
        {
            if (item is Layer layer && seen.Add(layer)) found.Add(layer);
        }
        foreach (Type type in types)
            foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                object? value = field.GetValue(this);
                switch (value)
                {
                    case Layer layer: Add(layer); break;
                    case IDictionary dictionary: foreach (object? item in dictionary.Values) Add(item); break;
                    case string: break;
                    case IEnumerable items: foreach (object? item in items) Add(item); break;
                }
            }
        return [.. found];
    }
}
