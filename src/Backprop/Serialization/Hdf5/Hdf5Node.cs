namespace Backprop.Serialization.Hdf5;

/// <summary>A node of the small HDF5 tree we read and write: a group or a dataset.</summary>
internal abstract class Hdf5Node;

/// <summary>An HDF5 group: named children, kept in insertion order.</summary>
internal sealed class Hdf5Group : Hdf5Node
{
    private readonly List<KeyValuePair<string, Hdf5Node>> _children = [];

    // Lookup by name, beside the ordered list: a linear scan per added link made a file whose group has 200,000 links
    // take minutes to read.
    private readonly Dictionary<string, Hdf5Node> _byName = new(StringComparer.Ordinal);

    public IReadOnlyList<KeyValuePair<string, Hdf5Node>> Children => _children;

    public Hdf5Node? this[string name] => _byName.GetValueOrDefault(name);

    public void Add(string name, Hdf5Node child)
    {
        if (name.Length is 0 or > 255 || name.Contains('/') || name == ".")
            throw new ArgumentException($"HDF5 link name '{name}' must be 1 to 255 characters without '/'.", nameof(name));
        if (!_byName.TryAdd(name, child)) throw new ArgumentException($"The group already has a child named '{name}'.", nameof(name));
        _children.Add(new(name, child));
    }

    /// <summary>The group at a '/'-separated path below this one, created as needed.</summary>
    public Hdf5Group Subgroup(string path)
    {
        Hdf5Group group = this;
        foreach (string part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            Hdf5Node? existing = group[part];
            if (existing is null) group.Add(part, existing = new Hdf5Group());
            group = existing as Hdf5Group ?? throw new ArgumentException($"'{part}' in '{path}' is a dataset, not a group.");
        }
        return group;
    }
}

/// <summary>An HDF5 dataset of little-endian float32 or int64 values, row-major.</summary>
internal sealed class Hdf5Dataset : Hdf5Node
{
    public Hdf5Dataset(int[] shape, float[] values)
    {
        Shape = shape;
        Floats = values;
        if (ShapeMath.SizeOf(shape) != values.Length) throw new ArgumentException($"Dataset of shape {ShapeMath.Format(shape)} needs {ShapeMath.SizeOf(shape)} values, got {values.Length}.");
    }

    public Hdf5Dataset(int[] shape, long[] values)
    {
        Shape = shape;
        Longs = values;
        if (ShapeMath.SizeOf(shape) != values.Length) throw new ArgumentException($"Dataset of shape {ShapeMath.Format(shape)} needs {ShapeMath.SizeOf(shape)} values, got {values.Length}.");
    }

    /// <summary>Dimensions; empty for a scalar.</summary>
    public int[] Shape { get; }

    public float[]? Floats { get; }

    public long[]? Longs { get; }

    public int ElementCount => Floats?.Length ?? Longs!.Length;
}
