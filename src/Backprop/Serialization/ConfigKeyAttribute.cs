namespace Backprop.Serialization;

/// <summary>
/// Marks the property that holds a constructor parameter when its name cannot follow the parameter's
/// (C# forbids a member named like its class: L1's factor cannot be called L1), so configs still use Keras's key.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ConfigKeyAttribute(string key) : Attribute
{
    public string Key { get; } = key;
}
