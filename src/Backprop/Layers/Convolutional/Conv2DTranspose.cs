using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Kernels;
using Backprop.Ops;
using Backprop.Regularizers;

namespace Backprop.Layers;

/// <summary>
/// Keras's Conv2DTranspose (keras/src/layers/convolutional/conv2d_transpose.py, base_conv_transpose.py): the transpose
/// of a convolution, which spreads each input pixel over a kernel-sized window of a larger output — the upsampling
/// layer of decoders. Kernel [kh, kw, filters, channels], Keras's layout. Output size per axis (Keras's
/// _get_output_shape_given_tf_padding), with k′ = d(k − 1) + 1: "valid" (in − 1)·s + max(k′, s), "same" in·s; with an
/// output_padding p, "valid" (in − 1)·s + k′ + p and "same" (in − 1)·s + k′ mod 2 + p. Where the window sits follows
/// Keras's JAX padding (_convert_conv_transpose_padding_args_from_keras_to_jax), which TensorFlow's agrees with.
/// </summary>
public sealed class Conv2DTranspose : Window2DConv
{
    /// <summary>Creates the layer's configuration; weights are made on <see cref="Layer.Build"/>.</summary>
    /// <exception cref="ArgumentException">A size is not positive, strides and dilation are both above 1, an output padding is
    /// negative or not below its stride, or a name is unknown.</exception>
    public Conv2DTranspose(int filters, Size2D kernelSize, Size2D? strides = null, string padding = "valid", Size2D? outputPadding = null,
        string? dataFormat = null, Size2D? dilationRate = null, string? activation = null, bool useBias = true, string kernelInitializer = "glorot_uniform",
        string biasInitializer = "zeros", Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null, string? name = null)
        : this(filters, kernelSize, strides ?? 1, padding, outputPadding, dataFormat, dilationRate ?? 1, Activations.Activations.Get(activation), useBias,
            Initializer.Get(kernelInitializer), Initializer.Get(biasInitializer), kernelRegularizer, biasRegularizer, name)
    {
    }

    /// <summary>Creates the layer from a typed activation and initializers.</summary>
    public Conv2DTranspose(int filters, Size2D kernelSize, Size2D strides, string padding, Size2D? outputPadding, string? dataFormat, Size2D dilationRate,
        ActivationFunction activation, bool useBias, Initializer kernelInitializer, Initializer biasInitializer,
        Regularizer? kernelRegularizer, Regularizer? biasRegularizer, string? name)
        : base(kernelSize, strides, padding, dataFormat, dilationRate, activation, useBias, biasInitializer, biasRegularizer, name)
    {
        Filters = filters > 0 ? filters : throw new ArgumentException($"Conv2DTranspose needs a positive number of filters, got {filters}.", nameof(filters));
        if (outputPadding is { } p && (p.Height < 0 || p.Width < 0 || p.Height >= strides.Height || p.Width >= strides.Width))
            throw new ArgumentException($"Conv2DTranspose: each value in output_padding must be non-negative and strictly less than the corresponding stride; got output_padding ({p.Height}, {p.Width}) with strides ({strides.Height}, {strides.Width}).", nameof(outputPadding));
        (OutputPadding, KernelInitializer, KernelRegularizer) = (outputPadding, kernelInitializer, kernelRegularizer);
    }

    /// <summary>Output channels.</summary>
    public int Filters { get; }
    /// <summary>Rows and columns added after the output (each below its stride), or null for Keras's default size.</summary>
    public Size2D? OutputPadding { get; }
    /// <summary>Initializer of the kernel.</summary>
    public Initializer KernelInitializer { get; }
    /// <summary>Penalty on the kernel, or null.</summary>
    public Regularizer? KernelRegularizer { get; }
    /// <summary>The kernel [kh, kw, filters, channels] (after build).</summary>
    public Tensor Kernel { get; private set; } = null!;

    /// <summary>One axis's output size and the padding before it of the convolution this layer is the transpose of
    /// (output pixel o = i·s − before + t·d receives input pixel i through kernel tap t), as Keras's JAX padding puts it:
    /// before = k′ − 1 − left pad of the stride-dilated input.</summary>
    private static (int Out, int Before) Axis(int size, int kernel, int stride, int dilation, string padding, int? outputPadding)
    {
        int span = dilation * (kernel - 1) + 1;
        if (padding == "valid") return ((size - 1) * stride + span + (outputPadding ?? Math.Max(span, stride) - span), 0);
        int total = outputPadding is { } p ? span + span % 2 - 2 + p : stride + span - 2;
        int left = Math.Min(total / 2 + total % 2, span - 1);
        return (outputPadding is { } q ? (size - 1) * stride + span % 2 + q : size * stride, span - 1 - left);
    }

    /// <summary>The convolution this layer is the transpose of, for a batch of channels-last images of <paramref name="image"/>.</summary>
    internal ConvolutionGeometry GeometryFor(int batch, int[] image) => TransposedGeometry(batch, image);

    // The convolution this layer is the transpose of: from the output image to the input pixels.
    private ConvolutionGeometry TransposedGeometry(int batch, int[] image)
    {
        (int outH, int top) = Axis(image[0], KernelSize.Height, Strides.Height, DilationRate.Height, Padding, OutputPadding?.Height);
        (int outW, int left) = Axis(image[1], KernelSize.Width, Strides.Width, DilationRate.Width, Padding, OutputPadding?.Width);
        return new ConvolutionGeometry(batch, outH, outW, Filters, KernelSize.Height, KernelSize.Width, Strides.Height, Strides.Width,
            DilationRate.Height, DilationRate.Width, top, left, image[0], image[1]);
    }

    /// <inheritdoc/>
    protected override void OnBuild(int[] inputShape)
    {
        int channels = InputChannels(inputShape);
        Kernel = AddWeight("kernel", [KernelSize.Height, KernelSize.Width, Filters, channels], KernelInitializer, regularizer: KernelRegularizer);
        if (UseBias) Bias = AddWeight("bias", [Filters], BiasInitializer, regularizer: BiasRegularizer);
    }

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape)
    {
        int[] image = ImageFormat.SampleChannelsLast(inputShape, DataFormat);
        return ImageFormat.SampleInFormat([Axis(image[0], KernelSize.Height, Strides.Height, DilationRate.Height, Padding, OutputPadding?.Height).Out,
            Axis(image[1], KernelSize.Width, Strides.Width, DilationRate.Width, Padding, OutputPadding?.Width).Out, Filters], DataFormat);
    }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        Tensor x = ToChannelsLast(inputs);
        ConvolutionGeometry g = TransposedGeometry(x.Dim(0), x.ShapeRef[1..]);
        FusedActivation? fused = FusedActivations.Of(Activation);
        Tensor y = ConvolutionOps.Conv2DTranspose(x, Kernel, Bias, g, fused ?? FusedActivation.Linear);
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
        config["output_padding"] = OutputPadding?.ToArray();
        config["activation"] = Activation.Name;
        config["use_bias"] = UseBias;
        config["kernel_initializer"] = KernelInitializer;
        config["bias_initializer"] = BiasInitializer;
        config["kernel_regularizer"] = KernelRegularizer;
        config["bias_regularizer"] = BiasRegularizer;
        config["activity_regularizer"] = ActivityRegularizer;
        config["kernel_constraint"] = null;
        config["bias_constraint"] = null;
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the layer its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Conv2DTranspose FromConfig(Serialization.KerasConfig config) =>
        new(config.Int("filters"), config.Size2D("kernel_size"), config.Size2D("strides", 1), config.String("padding", "valid"),
            config.Has("output_padding") ? config.Size2D("output_padding") : null, config.NullableString("data_format", null), config.Size2D("dilation_rate", 1), config.Activation("activation") ?? Activations.Activations.Get(null),
            config.Bool("use_bias", true), config.Initializer("kernel_initializer") ?? new GlorotUniform(), config.Initializer("bias_initializer") ?? new Zeros(),
            config.Regularizer("kernel_regularizer"), config.Regularizer("bias_regularizer"), config.NullableString("name", null));
}
