namespace Backprop.Initializers;

/// <summary>All ones.</summary>
public sealed class Ones : Initializer
{
    /// <inheritdoc/>
    public override string Name => "ones";
    /// <inheritdoc/>
    public override Tensor Create(int[] shape) => Tensor.Filled(1f, shape);

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>();

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Ones FromConfig(Serialization.KerasConfig config) => new();
}
