using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Regularizers;

namespace Backprop.Layers;

/// <summary>
/// Keras's Conv1D (keras/src/layers/convolutional/conv1d.py) over sequences [batch, steps, channels]; padding "causal"
/// pads d(k − 1) steps before the sequence only, so an output never sees a later step. Kernel [k, channels / groups, filters].
/// </summary>
public sealed class Conv1D : BaseConv
{
    /// <summary>Creates the layer's configuration; weights are made on <see cref="Layer.Build"/>.</summary>
    /// <exception cref="ArgumentException">A size is not positive, filters are not a multiple of groups, strides and dilation
    /// are both above 1, or a name is unknown.</exception>
    public Conv1D(int filters, int kernelSize, int strides = 1, string padding = "valid", string? dataFormat = null, int dilationRate = 1,
        int groups = 1, string? activation = null, bool useBias = true, string kernelInitializer = "glorot_uniform", string biasInitializer = "zeros",
        Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null, string? name = null)
        : this(filters, kernelSize, strides, padding, dataFormat, dilationRate, groups, Activations.Activations.Get(activation), useBias,
            Initializer.Get(kernelInitializer), Initializer.Get(biasInitializer), kernelRegularizer, biasRegularizer, name)
    {
    }

    /// <summary>Creates the layer from a typed activation and initializers.</summary>
    public Conv1D(int filters, int kernelSize, int strides, string padding, string? dataFormat, int dilationRate, int groups,
        ActivationFunction activation, bool useBias, Initializer kernelInitializer, Initializer biasInitializer,
        Regularizer? kernelRegularizer, Regularizer? biasRegularizer, string? name)
        : base(1, filters, [kernelSize], [strides], padding, dataFormat, [dilationRate], groups, activation, useBias,
            kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, name)
    {
    }

    /// <summary>Keras's <c>from_config</c>: the layer its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Conv1D FromConfig(Serialization.KerasConfig config)
    {
        var c = CommonConfig(config);
        return new(c.Filters, config.Size1D("kernel_size"), config.Size1D("strides", 1), c.Padding, c.DataFormat, config.Size1D("dilation_rate", 1),
            c.Groups, c.Activation, c.UseBias, c.KernelInitializer, c.BiasInitializer, c.KernelRegularizer, c.BiasRegularizer, c.Name);
    }
}
