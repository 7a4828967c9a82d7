namespace Backprop.Layers;

/// <summary>Keras's GlobalAveragePooling1D: the mean over every step of each channel (see <see cref="GlobalPooling"/>).</summary>
public sealed class GlobalAveragePooling1D : GlobalPooling
{
    /// <summary>A global pooling layer.</summary>
    /// <exception cref="ArgumentException">The data format is unknown.</exception>
    public GlobalAveragePooling1D(string? dataFormat = null, bool keepdims = false, string? name = null) : base(1, dataFormat, keepdims, name) { }

    private protected override bool IsMax => false;

    /// <summary>Keras's <c>from_config</c>: the layer its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static GlobalAveragePooling1D FromConfig(Serialization.KerasConfig config) =>
        new(config.NullableString("data_format", null), config.Bool("keepdims", false), config.NullableString("name", null));
}
