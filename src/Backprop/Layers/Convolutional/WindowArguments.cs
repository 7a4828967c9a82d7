namespace Backprop.Layers;

/// <summary>The checks Keras's 2-D depthwise and separable convolutions make of their window arguments
/// (keras/src/layers/convolutional/base_depthwise_conv.py, base_separable_conv.py).</summary>
internal static class WindowArguments
{
    /// <summary>Positive sizes, not both strides and dilation above 1, padding "valid" or "same"; returns the padding.</summary>
    /// <exception cref="ArgumentException">One of them is not, with Keras's reason.</exception>
    public static string Check(Size2D kernelSize, Size2D strides, Size2D dilationRate, string padding)
    {
        kernelSize.CheckPositive("kernel_size");
        strides.CheckPositive("strides");
        dilationRate.CheckPositive("dilation_rate");
        if (Math.Max(strides.Height, strides.Width) > 1 && Math.Max(dilationRate.Height, dilationRate.Width) > 1)
            throw new ArgumentException($"strides > 1 is not supported with dilation_rate > 1 (as in Keras); got strides {strides} and dilation_rate {dilationRate}.");
        return padding is "valid" or "same" ? padding : throw new ArgumentException($"Unknown padding '{padding}'. Known: valid, same.", nameof(padding));
    }
}
