namespace Backprop.Initializers;

/// <summary>All zeros; Dense's default bias initializer.</summary>
public sealed class Zeros : Initializer
{
    /// <inheritdoc/>
    public override string Name => "zeros";
    /// <inheritdoc/>
    public override Tensor Create(int[] shape) => Tensor.Filled(0f, shape);

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>();

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Zeros FromConfig(Serialization.KerasConfig config) => new();
}
