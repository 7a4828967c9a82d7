using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Regularizers;

namespace Backprop.Layers;

/// <summary>
/// Keras's Conv2D (keras/src/layers/convolutional/conv2d.py): <c>filters</c> kernels of <c>kernelSize</c> slide over
/// images [batch, height, width, channels]; each output pixel is the window's dot product with a kernel, plus a bias,
/// through the activation. Output size per axis: "valid" ⌊(in − d(k − 1) − 1)/s⌋ + 1, "same" ⌈in/s⌉.
/// </summary>
/// <example><code>new Conv2D(32, 3, activation: "relu")</code> on [28, 28, 1] images gives [26, 26, 32] with 3·3·1·32 + 32 = 320 parameters.</example>
public sealed class Conv2D : BaseConv
{
    /// <summary>Creates the layer's configuration; weights are made on <see cref="Layer.Build"/>.</summary>
    /// <exception cref="ArgumentException">A size is not positive, filters are not a multiple of groups, strides and dilation
    /// are both above 1 (Keras refuses it too), or a name is unknown.</exception>
    public Conv2D(int filters, Size2D kernelSize, Size2D? strides = null, string padding = "valid", string? dataFormat = null,
        Size2D? dilationRate = null, int groups = 1, string? activation = null, bool useBias = true,
        string kernelInitializer = "glorot_uniform", string biasInitializer = "zeros",
        Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null, string? name = null)
        : this(filters, kernelSize, strides ?? 1, padding, dataFormat, dilationRate ?? 1, groups, Activations.Activations.Get(activation),
            useBias, Initializer.Get(kernelInitializer), Initializer.Get(biasInitializer), kernelRegularizer, biasRegularizer, name)
    {
    }

    /// <summary>Creates the layer from a typed activation and initializers.</summary>
    public Conv2D(int filters, Size2D kernelSize, Size2D strides, string padding, string? dataFormat, Size2D dilationRate, int groups,
        ActivationFunction activation, bool useBias, Initializer kernelInitializer, Initializer biasInitializer,
        Regularizer? kernelRegularizer, Regularizer? biasRegularizer, string? name)
        : base(2, filters, kernelSize.ToArray(), strides.ToArray(), padding, dataFormat, dilationRate.ToArray(), groups, activation,
            useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, name)
    {
    }

    /// <summary>Keras's <c>from_config</c>: the layer its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Conv2D FromConfig(Serialization.KerasConfig config)
    {
        var c = CommonConfig(config);
        return new(c.Filters, config.Size2D("kernel_size"), config.Size2D("strides", 1), c.Padding, c.DataFormat, config.Size2D("dilation_rate", 1),
            c.Groups, c.Activation, c.UseBias, c.KernelInitializer, c.BiasInitializer, c.KernelRegularizer, c.BiasRegularizer, c.Name);
    }
}
