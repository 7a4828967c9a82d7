namespace Backprop.Layers;

/// <summary>Keras's GlobalMaxPooling2D: the maximum over every pixel of each channel (see <see cref="GlobalPooling"/>).</summary>
public sealed class GlobalMaxPooling2D : GlobalPooling
{
    /// <summary>A global pooling layer.</summary>
    /// <exception cref="ArgumentException">The data format is unknown.</exception>
    public GlobalMaxPooling2D(string? dataFormat = null, bool keepdims = false, string? name = null) : base(2, dataFormat, keepdims, name) { }

    private protected override bool IsMax => true;

    /// <summary>Keras's <c>from_config</c>: the layer its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static GlobalMaxPooling2D FromConfig(Serialization.KerasConfig config) =>
        new(config.NullableString("data_format", null), config.Bool("keepdims", false), config.NullableString("name", null));
}
