using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Kernels;
using Backprop.Regularizers;

namespace Backprop.Layers;

/// <summary>
/// What Keras's depthwise, separable and transposed 2-D convolutions share (keras/src/layers/convolutional/
/// base_depthwise_conv.py, base_separable_conv.py, base_conv_transpose.py): the window arguments and their checks,
/// the activation, the bias, and the channels-first permutation around the channels-last ops.
/// </summary>
public abstract class Window2DConv : Layer
{
    private protected Window2DConv(Size2D kernelSize, Size2D strides, string padding, string? dataFormat, Size2D dilationRate,
        ActivationFunction activation, bool useBias, Initializer biasInitializer, Regularizer? biasRegularizer, string? name) : base(name)
    {
        kernelSize.CheckPositive("kernel_size");
        strides.CheckPositive("strides");
        dilationRate.CheckPositive("dilation_rate");
        if (Math.Max(strides.Height, strides.Width) > 1 && Math.Max(dilationRate.Height, dilationRate.Width) > 1)
            throw new ArgumentException($"strides > 1 is not supported with dilation_rate > 1 (as in Keras); got strides {strides} and dilation_rate {dilationRate}.");
        Padding = padding is "valid" or "same" ? padding : throw new ArgumentException($"Unknown padding '{padding}'. Known: valid, same.", nameof(padding));
        (KernelSize, Strides, DataFormat, DilationRate) = (kernelSize, strides, ImageFormat.Check(dataFormat), dilationRate);
        (Activation, UseBias, BiasInitializer, BiasRegularizer) = (activation, useBias, biasInitializer, biasRegularizer);
    }

    /// <summary>Window height and width.</summary>
    public Size2D KernelSize { get; }
    /// <summary>Step between windows.</summary>
    public Size2D Strides { get; }
    /// <summary>"valid" or "same".</summary>
    public string Padding { get; }
    /// <summary>"channels_last" or "channels_first".</summary>
    public string DataFormat { get; }
    /// <summary>Spacing between the pixels a window reads (or writes, transposed).</summary>
    public Size2D DilationRate { get; }
    /// <summary>The activation applied to the output.</summary>
    public ActivationFunction Activation { get; }
    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }
    /// <summary>Initializer of the bias.</summary>
    public Initializer BiasInitializer { get; }
    /// <summary>Penalty on the bias, or null.</summary>
    public Regularizer? BiasRegularizer { get; }
    /// <summary>The bias, or null without one (after build).</summary>
    public Tensor? Bias { get; private protected set; }

    /// <summary>The window walk over channels-last images [batch, <paramref name="image"/>].</summary>
    private protected ConvolutionGeometry Geometry(int batch, int[] image) => ConvolutionGeometry.For(batch, image, KernelSize.Height, KernelSize.Width,
        Strides.Height, Strides.Width, DilationRate.Height, DilationRate.Width, Padding);

    /// <summary>The input as the channels-last ops take it.</summary>
    private protected Tensor ToChannelsLast(Tensor inputs) => DataFormat == "channels_first" ? ImageFormat.ToChannelsLast(inputs) : inputs;

    /// <summary>A channels-last output in the layer's format.</summary>
    private protected Tensor FromChannelsLast(Tensor y) => DataFormat == "channels_first" ? ImageFormat.ToChannelsFirst(y) : y;

    /// <summary>Checks a rank-4 input and returns its channels.</summary>
    private protected int InputChannels(int[] inputShape)
    {
        if (inputShape.Length != 3) throw new ArgumentException($"{GetType().Name} '{Name}' expects inputs of rank 4, got {FormatWithBatch(inputShape)}.");
        return ImageFormat.SampleChannelsLast(inputShape, DataFormat)[2];
    }
}
