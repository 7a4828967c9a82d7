namespace Backprop.Layers;

/// <summary>Keras's <c>data_format</c>: "channels_last" ([batch, …, channels], the default) or "channels_first"
/// ([batch, channels, …]). The kernels work on channels-last data; channels-first inputs are permuted on the way in and out.</summary>
internal static class ImageFormat
{
    public static string Check(string? dataFormat) => (dataFormat ?? "channels_last") is "channels_last" or "channels_first" ? dataFormat ?? "channels_last"
        : throw new ArgumentException($"Unknown data_format '{dataFormat}'. Known: channels_last, channels_first.", nameof(dataFormat));

    /// <summary>[batch, channels, s…] → [batch, s…, channels].</summary>
    public static Tensor ToChannelsLast(Tensor x) => Ops.PermuteOp.Permute(x, [0, .. Enumerable.Range(2, x.Rank - 2), 1]);

    /// <summary>[batch, s…, channels] → [batch, channels, s…].</summary>
    public static Tensor ToChannelsFirst(Tensor x) => Ops.PermuteOp.Permute(x, [0, x.Rank - 1, .. Enumerable.Range(1, x.Rank - 2)]);

    /// <summary>A sample shape (no batch axis) in channels-last order.</summary>
    public static int[] SampleChannelsLast(int[] shape, string dataFormat) => dataFormat == "channels_last" ? shape : [.. shape[1..], shape[0]];

    /// <summary>A channels-last sample shape in the layer's order.</summary>
    public static int[] SampleInFormat(int[] channelsLast, string dataFormat) => dataFormat == "channels_last" ? channelsLast : [channelsLast[^1], .. channelsLast[..^1]];
}
