namespace Backprop.Kernels;

/// <summary>
/// The shape of one 2-D convolution or pooling window walk over channels-last images: batch, input and output sizes,
/// window, strides, dilation and the padding before each spatial axis (the padding after is whatever the output size
/// implies). Pure arithmetic; the layers compute it from Keras's arguments.
/// </summary>
internal readonly record struct ConvolutionGeometry(
    int Batch, int Height, int Width, int Channels,
    int KernelHeight, int KernelWidth, int StrideHeight, int StrideWidth, int DilationHeight, int DilationWidth,
    int PadTop, int PadLeft, int OutHeight, int OutWidth)
{
    /// <summary>Output positions of the whole batch: the rows of the im2col matrix.</summary>
    public int Positions => Batch * OutHeight * OutWidth;

    /// <summary>The geometry of a window walk over channels-last images [batch, image…]: each axis's output size and padding
    /// before from <see cref="Axis"/>; <paramref name="rowPadding"/> is the rows' (a 1-D layer's causal padding is the columns' only).</summary>
    public static ConvolutionGeometry For(int batch, int[] image, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
        int dilationHeight, int dilationWidth, string padding, string? rowPadding = null)
    {
        (int outH, int top) = Axis(image[0], kernelHeight, strideHeight, dilationHeight, rowPadding ?? padding);
        (int outW, int left) = Axis(image[1], kernelWidth, strideWidth, dilationWidth, padding);
        return new(batch, image[0], image[1], image[2], kernelHeight, kernelWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, top, left, outH, outW);
    }

    /// <summary>
    /// Output size and padding before, for one spatial axis, as Keras computes them (ops/operation_utils.py,
    /// compute_conv_output_shape; the backends' "same" padding puts the odd pixel after, as TensorFlow does):
    /// valid: ⌊(in − d(k − 1) − 1)/s⌋ + 1 with no padding; same: ⌈in/s⌉ with total padding max((out − 1)s + d(k − 1) + 1 − in, 0),
    /// half before (rounded down); causal (1-D only): same output size with all the padding, d(k − 1), before.
    /// </summary>
    /// <exception cref="ArgumentException">The output would have no positions (Keras's "Computed output size would be zero or negative").</exception>
    public static (int Out, int PadBefore) Axis(int size, int kernel, int stride, int dilation, string padding)
    {
        int span = dilation * (kernel - 1) + 1;
        switch (padding)
        {
            case "valid":
                int valid = size >= span ? (size - span) / stride + 1 : 0;
                if (valid <= 0)
                    throw new ArgumentException($"Computed output size would be zero or negative: an input of {size} with a window of {kernel} (dilation {dilation}, so {span} wide), stride {stride} and padding 'valid'.");
                return (valid, 0);
            case "same":
                int same = (size + stride - 1) / stride;
                int total = Math.Max((same - 1) * stride + span - size, 0);
                return (same, total / 2);
            case "causal":
                return ((size + stride - 1) / stride, span - 1);
            default:
                throw new ArgumentException($"Unknown padding '{padding}'. Known: valid, same (and causal for 1-D convolutions).");
        }
    }
}
