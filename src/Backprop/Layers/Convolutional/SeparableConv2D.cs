using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Kernels;
using Backprop.Ops;
using Backprop.Regularizers;

namespace Backprop.Layers;

/// <summary>
/// Keras's SeparableConv2D (keras/src/layers/convolutional/separable_conv2d.py): a depthwise convolution (each channel
/// with its own <c>depthMultiplier</c> kernels, as <see cref="DepthwiseConv2D"/>) followed by a pointwise 1×1 convolution
/// to <c>filters</c> channels, with the bias and activation after the second. Weights, in Keras's order and layouts:
/// depthwise_kernel [kh, kw, channels, depthMultiplier], pointwise_kernel [1, 1, channels·depthMultiplier, filters], bias [filters].
/// </summary>
public sealed class SeparableConv2D : Window2DConv
{
    /// <summary>Creates the layer's configuration; weights are made on <see cref="Layer.Build"/>.</summary>
    /// <exception cref="ArgumentException">A size is not positive, strides and dilation are both above 1, or a name is unknown.</exception>
    public SeparableConv2D(int filters, Size2D kernelSize, Size2D? strides = null, string padding = "valid", string? dataFormat = null,
        Size2D? dilationRate = null, int depthMultiplier = 1, string? activation = null, bool useBias = true,
        string depthwiseInitializer = "glorot_uniform", string pointwiseInitializer = "glorot_uniform", string biasInitializer = "zeros", string? name = null)
        : this(filters, kernelSize, strides ?? 1, padding, dataFormat, dilationRate ?? 1, depthMultiplier, Activations.Activations.Get(activation), useBias,
            Initializer.Get(depthwiseInitializer), Initializer.Get(pointwiseInitializer), Initializer.Get(biasInitializer), null, null, null, name)
    {
    }

    /// <summary>Creates the layer from a typed activation, initializers and regularizers.</summary>
    public SeparableConv2D(int filters, Size2D kernelSize, Size2D strides, string padding, string? dataFormat, Size2D dilationRate, int depthMultiplier,
        ActivationFunction activation, bool useBias, Initializer depthwiseInitializer, Initializer pointwiseInitializer, Initializer biasInitializer,
        Regularizer? depthwiseRegularizer, Regularizer? pointwiseRegularizer, Regularizer? biasRegularizer, string? name)
        : base(kernelSize, strides, padding, dataFormat, dilationRate, activation, useBias, biasInitializer, biasRegularizer, name)
    {
        if (filters <= 0) throw new ArgumentException($"SeparableConv2D needs a positive number of filters, got {filters}.", nameof(filters));
        if (depthMultiplier <= 0) throw new ArgumentException($"depth_multiplier must be positive, got {depthMultiplier}.", nameof(depthMultiplier));
        (Filters, DepthMultiplier, DepthwiseInitializer, PointwiseInitializer) = (filters, depthMultiplier, depthwiseInitializer, pointwiseInitializer);
        (DepthwiseRegularizer, PointwiseRegularizer) = (depthwiseRegularizer, pointwiseRegularizer);
    }

    /// <summary>Output channels.</summary>
    public int Filters { get; }
    /// <summary>Depthwise kernels per input channel.</summary>
    public int DepthMultiplier { get; }
    /// <summary>Initializer of the depthwise kernel.</summary>
    public Initializer DepthwiseInitializer { get; }
    /// <summary>Initializer of the pointwise kernel.</summary>
    public Initializer PointwiseInitializer { get; }
    /// <summary>Penalty on the depthwise kernel, or null.</summary>
    public Regularizer? DepthwiseRegularizer { get; }
    /// <summary>Penalty on the pointwise kernel, or null.</summary>
    public Regularizer? PointwiseRegularizer { get; }
    /// <summary>[kh, kw, channels, depthMultiplier] (after build).</summary>
    public Tensor DepthwiseKernel { get; private set; } = null!;
    /// <summary>[1, 1, channels · depthMultiplier, filters] (after build).</summary>
    public Tensor PointwiseKernel { get; private set; } = null!;

    /// <inheritdoc/>
    protected override void OnBuild(int[] inputShape)
    {
        int channels = InputChannels(inputShape);
        _ = ComputeOutputShape(inputShape);
        DepthwiseKernel = AddWeight("depthwise_kernel", [KernelSize.Height, KernelSize.Width, channels, DepthMultiplier], DepthwiseInitializer, regularizer: DepthwiseRegularizer);
        PointwiseKernel = AddWeight("pointwise_kernel", [1, 1, channels * DepthMultiplier, Filters], PointwiseInitializer, regularizer: PointwiseRegularizer);
        if (UseBias) Bias = AddWeight("bias", [Filters], BiasInitializer, regularizer: BiasRegularizer);
    }

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape)
    {
        ConvolutionGeometry g = Geometry(1, ImageFormat.SampleChannelsLast(inputShape, DataFormat));
        return ImageFormat.SampleInFormat([g.OutHeight, g.OutWidth, Filters], DataFormat);
    }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        Tensor x = ToChannelsLast(inputs);
        ConvolutionGeometry g = Geometry(x.Dim(0), x.ShapeRef[1..]);
        int depth = g.Channels * DepthMultiplier;
        Tensor mid = ConvolutionOps.Conv2D(x, DepthwiseKernel.Reshape(KernelSize.Height, KernelSize.Width, 1, depth), null, g, g.Channels, FusedActivation.Linear);
        var pointwise = new ConvolutionGeometry(g.Batch, g.OutHeight, g.OutWidth, depth, 1, 1, 1, 1, 1, 1, 0, 0, g.OutHeight, g.OutWidth);
        FusedActivation? fused = FusedActivations.Of(Activation);
        Tensor y = ConvolutionOps.Conv2D(mid, PointwiseKernel, Bias, pointwise, 1, fused ?? FusedActivation.Linear);
        if (fused is null) y = Activation.Apply(y);
        return FromChannelsLast(y);
    }

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["filters"] = Filters;
        config["kernel_size"] = KernelSize.ToArray();
        config["strides"] = Strides.ToArray();
        config["padding"] = Padding;
        config["data_format"] = DataFormat;
        config["dilation_rate"] = DilationRate.ToArray();
        config["depth_multiplier"] = DepthMultiplier;
        config["activation"] = Activation.Name;
        config["use_bias"] = UseBias;
        config["depthwise_initializer"] = DepthwiseInitializer;
        config["pointwise_initializer"] = PointwiseInitializer;
        config["bias_initializer"] = BiasInitializer;
        config["depthwise_regularizer"] = DepthwiseRegularizer;
        config["pointwise_regularizer"] = PointwiseRegularizer;
        config["bias_regularizer"] = BiasRegularizer;
        config["activity_regularizer"] = ActivityRegularizer;
        config["depthwise_constraint"] = null;
        config["pointwise_constraint"] = null;
        config["bias_constraint"] = null;
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the layer its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static SeparableConv2D FromConfig(Serialization.KerasConfig config) => new(
        config.Int("filters"), config.Size2D("kernel_size"), config.Size2D("strides", 1), config.String("padding", "valid"),
        config.NullableString("data_format", null), config.Size2D("dilation_rate", 1), config.Int("depth_multiplier", 1),
        config.Activation("activation") ?? Activations.Activations.Get(null), config.Bool("use_bias", true),
        config.Initializer("depthwise_initializer") ?? new GlorotUniform(), config.Initializer("pointwise_initializer") ?? new GlorotUniform(),
        config.Initializer("bias_initializer") ?? new Zeros(), config.Regularizer("depthwise_regularizer"), config.Regularizer("pointwise_regularizer"),
        config.Regularizer("bias_regularizer"), config.NullableString("name", null));
}
