namespace Backprop.Layers;

/// <summary>The element-wise mean of its inputs (Keras's <c>Average</c>: their sum divided by their count).</summary>
public sealed class Average : ElementwiseMerge
{
    /// <summary>An average layer.</summary>
    public Average(string? name = null) : base(name) { }

    private protected override Tensor Fold(Tensor result, Tensor next) => result + next;

    private protected override Tensor Finish(Tensor result, int count) => count == 1 ? result : result / count;

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Average FromConfig(Serialization.KerasConfig config) => new(
        name: config.NullableString("name", null));
}
