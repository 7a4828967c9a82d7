namespace Backprop.Layers;

/// <summary>Keras's MaxPooling2D (keras/src/layers/pooling/max_pooling2d.py): the maximum of each 2×2 (by default) window of images
/// [batch, height, width, channels] (see <see cref="BasePooling"/>).</summary>
/// <example><code>new MaxPooling2D(2)</code> on [26, 26, 32] gives [13, 13, 32].</example>
public sealed class MaxPooling2D : BasePooling
{
    /// <summary>A pooling layer; <paramref name="strides"/> defaults to <paramref name="poolSize"/>.</summary>
    /// <exception cref="ArgumentException">A size is not positive, or the padding or data format is unknown.</exception>
    public MaxPooling2D(Size2D? poolSize = null, Size2D? strides = null, string padding = "valid", string? dataFormat = null, string? name = null)
        : base(2, (poolSize ?? 2).ToArray(), strides?.ToArray(), padding, dataFormat, name)
    {
    }

    private protected override bool IsMax => true;

    /// <summary>Keras's <c>from_config</c>: the layer its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static MaxPooling2D FromConfig(Serialization.KerasConfig config) => new(
        config.Size2D("pool_size", 2), config.Has("strides") ? config.Size2D("strides") : null, config.String("padding", "valid"),
        config.NullableString("data_format", null), config.NullableString("name", null));
}
