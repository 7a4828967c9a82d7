using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Kernels;
using Backprop.Ops;
using Backprop.Regularizers;

namespace Backprop.Layers;

/// <summary>
/// Keras's DepthwiseConv2D (keras/src/layers/convolutional/depthwise_conv2d.py): each input channel convolved with its
/// own <c>depthMultiplier</c> kernels, output channel c·m + j from channel c's kernel j. The kernel is
/// [kh, kw, channels, depthMultiplier], Keras's layout, which read as [kh, kw, 1, channels·depthMultiplier] is exactly
/// a grouped convolution's kernel with one group per channel: that is how it runs.
/// </summary>
public class DepthwiseConv2D : Window2DConv
{
    /// <summary>Creates the layer's configuration; weights are made on <see cref="Layer.Build"/>.</summary>
    /// <exception cref="ArgumentException">A size is not positive, strides and dilation are both above 1, or a name is unknown.</exception>
    public DepthwiseConv2D(Size2D kernelSize, Size2D? strides = null, string padding = "valid", int depthMultiplier = 1, string? dataFormat = null,
        Size2D? dilationRate = null, string? activation = null, bool useBias = true, string depthwiseInitializer = "glorot_uniform",
        string biasInitializer = "zeros", Regularizer? depthwiseRegularizer = null, Regularizer? biasRegularizer = null, string? name = null)
        : this(kernelSize, strides ?? 1, padding, depthMultiplier, dataFormat, dilationRate ?? 1, Activations.Activations.Get(activation), useBias,
            Initializer.Get(depthwiseInitializer), Initializer.Get(biasInitializer), depthwiseRegularizer, biasRegularizer, name)
    {
    }

    /// <summary>Creates the layer from a typed activation and initializers.</summary>
    public DepthwiseConv2D(Size2D kernelSize, Size2D strides, string padding, int depthMultiplier, string? dataFormat, Size2D dilationRate,
        ActivationFunction activation, bool useBias, Initializer depthwiseInitializer, Initializer biasInitializer,
        Regularizer? depthwiseRegularizer, Regularizer? biasRegularizer, string? name)
        : base(kernelSize, strides, padding, dataFormat, dilationRate, activation, useBias, biasInitializer, biasRegularizer, name)
    {
        DepthMultiplier = depthMultiplier > 0 ? depthMultiplier : throw new ArgumentException($"depth_multiplier must be positive, got {depthMultiplier}.", nameof(depthMultiplier));
        (DepthwiseInitializer, DepthwiseRegularizer) = (depthwiseInitializer, depthwiseRegularizer);
    }

    /// <summary>Kernels per input channel: the output has channels × this many channels.</summary>
    public int DepthMultiplier { get; }
    /// <summary>Initializer of the kernel.</summary>
    public Initializer DepthwiseInitializer { get; }
    /// <summary>Penalty on the kernel, or null.</summary>
    public Regularizer? DepthwiseRegularizer { get; }
    /// <summary>The kernel [kh, kw, channels, depthMultiplier] (after build).</summary>
    public Tensor Kernel { get; private set; } = null!;

    /// <inheritdoc/>
    protected override void OnBuild(int[] inputShape)
    {
        int channels = InputChannels(inputShape);
        _ = ComputeOutputShape(inputShape);
        Kernel = AddWeight("kernel", [KernelSize.Height, KernelSize.Width, channels, DepthMultiplier], DepthwiseInitializer, regularizer: DepthwiseRegularizer);
        if (UseBias) Bias = AddWeight("bias", [channels * DepthMultiplier], BiasInitializer, regularizer: BiasRegularizer);
    }

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape)
    {
        ConvolutionGeometry g = Geometry(1, ImageFormat.SampleChannelsLast(inputShape, DataFormat));
        return ImageFormat.SampleInFormat([g.OutHeight, g.OutWidth, g.Channels * DepthMultiplier], DataFormat);
    }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        Tensor x = ToChannelsLast(inputs);
        ConvolutionGeometry g = Geometry(x.Dim(0), x.ShapeRef[1..]);
        Tensor kernel = Kernel.Reshape(KernelSize.Height, KernelSize.Width, 1, g.Channels * DepthMultiplier);
        FusedActivation? fused = FusedActivations.Of(Activation);
        Tensor y = ConvolutionOps.Conv2D(x, kernel, Bias, g, g.Channels, fused ?? FusedActivation.Linear);
        if (fused is null) y = Activation.Apply(y);
        return FromChannelsLast(y);
    }

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["depth_multiplier"] = DepthMultiplier;
        config["kernel_size"] = KernelSize.ToArray();
        config["strides"] = Strides.ToArray();
        config["padding"] = Padding;
        config["data_format"] = DataFormat;
        config["dilation_rate"] = DilationRate.ToArray();
        config["activation"] = Activation.Name;
        config["use_bias"] = UseBias;
        config["depthwise_initializer"] = DepthwiseInitializer;
        config["bias_initializer"] = BiasInitializer;
        config["depthwise_regularizer"] = DepthwiseRegularizer;
        config["bias_regularizer"] = BiasRegularizer;
        config["activity_regularizer"] = ActivityRegularizer;
        config["depthwise_constraint"] = null;
        config["bias_constraint"] = null;
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the layer its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static DepthwiseConv2D FromConfig(Serialization.KerasConfig config) => new(
        config.Size2D("kernel_size"), config.Size2D("strides", 1), config.String("padding", "valid"), config.Int("depth_multiplier", 1),
        config.NullableString("data_format", null), config.Size2D("dilation_rate", 1), config.Activation("activation") ?? Activations.Activations.Get(null),
        config.Bool("use_bias", true), config.Initializer("depthwise_initializer") ?? new GlorotUniform(), config.Initializer("bias_initializer") ?? new Zeros(),
        config.Regularizer("depthwise_regularizer"), config.Regularizer("bias_regularizer"), config.NullableString("name", null));
}
