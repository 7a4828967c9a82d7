namespace Backprop.Layers;

/// <summary>Keras's MaxPooling1D (keras/src/layers/pooling/max_pooling1d.py): the maximum of each window of <c>poolSize</c> steps of
/// sequences [batch, steps, channels] (see <see cref="BasePooling"/>).</summary>
public sealed class MaxPooling1D : BasePooling
{
    /// <summary>A pooling layer; <paramref name="strides"/> defaults to <paramref name="poolSize"/>.</summary>
    /// <exception cref="ArgumentException">A size is not positive, or the padding or data format is unknown.</exception>
    public MaxPooling1D(int poolSize = 2, int? strides = null, string padding = "valid", string? dataFormat = null, string? name = null)
        : base(1, [poolSize], strides is { } s ? [s] : null, padding, dataFormat, name)
    {
    }

    private protected override bool IsMax => true;

    /// <summary>Keras's <c>from_config</c>: the layer its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static MaxPooling1D FromConfig(Serialization.KerasConfig config) => new(
        config.Size1D("pool_size", 2), config.Has("strides") ? config.Size1D("strides") : null, config.String("padding", "valid"),
        config.NullableString("data_format", null), config.NullableString("name", null));
}
