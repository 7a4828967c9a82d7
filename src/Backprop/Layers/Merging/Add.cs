namespace Backprop.Layers;

/// <summary>Adds its inputs element-wise (Keras's <c>Add</c>): the skip connection of a residual block.
/// <code>var y = new Add().Call([x, new Dense(64).Call(x)]);</code></summary>
public sealed class Add : ElementwiseMerge
{
    /// <summary>An add layer.</summary>
    public Add(string? name = null) : base(name) { }

    private protected override Tensor Fold(Tensor result, Tensor next) => result + next;

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Add FromConfig(Serialization.KerasConfig config) => new(
        name: config.NullableString("name", null));
}
