using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Kernels;
using Backprop.Ops;
using Backprop.Regularizers;

namespace Backprop.Layers;

/// <summary>
/// What Keras's 1-D and 2-D convolutions share (keras/src/layers/convolutional/base_conv.py): the arguments and their
/// checks, the weights (kernel [k…, channels / groups, filters], bias [filters]), the output shape
/// (ops/operation_utils.py, compute_conv_output_shape) and the config. Both run as one 2-D convolution op over
/// channels-last images; a 1-D input [batch, length, channels] is an image one pixel high.
/// </summary>
public abstract class BaseConv : Layer
{
    private protected BaseConv(int rank, int filters, int[] kernelSize, int[] strides, string padding, string? dataFormat, int[] dilationRate,
        int groups, ActivationFunction activation, bool useBias, Initializer kernelInitializer, Initializer biasInitializer,
        Regularizer? kernelRegularizer, Regularizer? biasRegularizer, string? name) : base(name)
    {
        string layer = GetType().Name;
        if (filters <= 0) throw new ArgumentException($"{layer} needs a positive number of filters, got {filters}.", nameof(filters));
        if (groups <= 0) throw new ArgumentException($"The number of groups must be a positive integer, got {groups}.", nameof(groups));
        if (filters % groups != 0) throw new ArgumentException($"The number of filters ({filters}) must be evenly divisible by the number of groups ({groups}).", nameof(groups));
        foreach (var (what, size) in new[] { ("kernel_size", kernelSize), ("strides", strides), ("dilation_rate", dilationRate) })
            if (size.Length != rank || size.Any(d => d <= 0))
                throw new ArgumentException($"{what} must be {rank} positive number{(rank > 1 ? "s" : "")}, got ({string.Join(", ", size)}).");
        if (strides.Max() > 1 && dilationRate.Max() > 1)
            throw new ArgumentException($"strides > 1 is not supported with dilation_rate > 1 (as in Keras); got strides ({string.Join(", ", strides)}) and dilation_rate ({string.Join(", ", dilationRate)}).");
        if (!(padding is "valid" or "same" || (padding == "causal" && rank == 1)))
            throw new ArgumentException($"Unknown padding '{padding}' for {layer}. Known: valid, same{(rank == 1 ? ", causal" : "")}.", nameof(padding));
        Rank = rank;
        (Filters, KernelSize, Strides, Padding, DataFormat, DilationRate, Groups) = (filters, kernelSize, strides, padding, ImageFormat.Check(dataFormat), dilationRate, groups);
        (Activation, UseBias, KernelInitializer, BiasInitializer, KernelRegularizer, BiasRegularizer) =
            (activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer);
    }

    /// <summary>Number of spatial axes (1 or 2).</summary>
    public int Rank { get; }
    /// <summary>Number of kernels, the output's channels.</summary>
    public int Filters { get; }
    /// <summary>Window size along each spatial axis.</summary>
    public IReadOnlyList<int> KernelSize { get; }
    /// <summary>Step between windows along each spatial axis.</summary>
    public IReadOnlyList<int> Strides { get; }
    /// <summary>"valid" (no padding), "same" (zeros around the input so the output is ⌈in/stride⌉) or, in 1-D, "causal".</summary>
    public string Padding { get; }
    /// <summary>"channels_last" ([batch, …, channels]) or "channels_first" ([batch, channels, …]).</summary>
    public string DataFormat { get; }
    /// <summary>Spacing between the pixels a window reads.</summary>
    public IReadOnlyList<int> DilationRate { get; }
    /// <summary>Channel groups convolved separately (each sees channels / groups inputs and makes filters / groups outputs).</summary>
    public int Groups { get; }
    /// <summary>The activation applied to the output.</summary>
    public ActivationFunction Activation { get; }
    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }
    /// <summary>Initializer of the kernel.</summary>
    public Initializer KernelInitializer { get; }
    /// <summary>Initializer of the bias.</summary>
    public Initializer BiasInitializer { get; }
    /// <summary>Penalty on the kernel added to the training loss, or null.</summary>
    public Regularizer? KernelRegularizer { get; }
    /// <summary>Penalty on the bias added to the training loss, or null.</summary>
    public Regularizer? BiasRegularizer { get; }
    /// <summary>The kernel [k…, channels / groups, filters], Keras's layout (after build).</summary>
    public Tensor Kernel { get; private set; } = null!;
    /// <summary>The bias [filters], or null without one.</summary>
    public Tensor? Bias { get; private set; }

    private readonly GeometryCache _geometry = new();

    // Sizes as the 2-D op takes them: a 1-D layer is one pixel high.
    private int At(IReadOnlyList<int> size, int axis) => Rank == 2 ? size[axis] : axis == 0 ? 1 : size[0];

    /// <summary>A sample shape (no batch axis) as a channels-last image [height, width, channels].</summary>
    private int[] Image(int[] sample)
    {
        int[] last = ImageFormat.SampleChannelsLast(sample, DataFormat);
        return Rank == 2 ? last : [1, .. last];
    }

    // A 1-D layer's image is one pixel high: its rows take no padding, causal or other.
    private ConvolutionGeometry Geometry(int batch, int[] image) => ConvolutionGeometry.For(batch, image, At(KernelSize, 0), At(KernelSize, 1),
        At(Strides, 0), At(Strides, 1), At(DilationRate, 0), At(DilationRate, 1), Padding, rowPadding: Padding == "causal" ? "valid" : null);

    private int[] OutputSample(ConvolutionGeometry g)
    {
        int[] last = Rank == 2 ? [g.OutHeight, g.OutWidth, Filters] : [g.OutWidth, Filters];
        return ImageFormat.SampleInFormat(last, DataFormat);
    }

    /// <inheritdoc/>
    protected override void OnBuild(int[] inputShape)
    {
        if (inputShape.Length != Rank + 1)
        {
            string expected = Rank == 2 ? (DataFormat == "channels_last" ? "(None, height, width, channels)" : "(None, channels, height, width)")
                : DataFormat == "channels_last" ? "(None, steps, channels)" : "(None, channels, steps)";
            throw new ArgumentException($"{GetType().Name} '{Name}' expects inputs of shape {expected}, got {FormatWithBatch(inputShape)}.");
        }
        int channels = Image(inputShape)[2];
        if (channels % Groups != 0)
            throw new ArgumentException($"The number of input channels ({channels}) must be evenly divisible by the number of groups ({Groups}); {GetType().Name} '{Name}' got inputs {FormatWithBatch(inputShape)}.");
        _ = ComputeOutputShape(inputShape);   // refuses an output with no positions before any weight is made
        Kernel = AddWeight("kernel", [.. KernelSize, channels / Groups, Filters], KernelInitializer, regularizer: KernelRegularizer);
        if (UseBias) Bias = AddWeight("bias", [Filters], BiasInitializer, regularizer: BiasRegularizer);
    }

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape) => OutputSample(Geometry(1, Image(inputShape)));

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        Tensor x = DataFormat == "channels_first" ? ImageFormat.ToChannelsLast(inputs) : inputs;
        ConvolutionGeometry g = _geometry.For(inputs.ShapeRef, this, static (layer, batch, sample) => layer.Geometry(batch, layer.Image(sample)));
        if (Rank == 1) x = x.Reshape([x.Dim(0), g.Height, g.Width, g.Channels]);
        Tensor kernel = Rank == 2 ? Kernel : Kernel.Reshape([1, .. Kernel.ShapeRef]);
        FusedActivation? fused = FusedActivations.Of(Activation);
        Tensor y = ConvolutionOps.Conv2D(x, kernel, Bias, g, Groups, fused ?? FusedActivation.Linear);
        if (Rank == 1) y = y.Reshape(y.Dim(0), g.OutWidth, Filters);
        if (fused is null) y = Activation.Apply(y);
        return DataFormat == "channels_first" ? ImageFormat.ToChannelsFirst(y) : y;
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
        config["groups"] = Groups;
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

    /// <summary>The arguments every convolution reads from a config (Keras's defaults where a key is missing).</summary>
    private protected static (int Filters, string Padding, string? DataFormat, int Groups, ActivationFunction Activation, bool UseBias,
        Initializer KernelInitializer, Initializer BiasInitializer, Regularizer? KernelRegularizer, Regularizer? BiasRegularizer, string? Name)
        CommonConfig(Serialization.KerasConfig config) => (
        config.Int("filters"),
        config.String("padding", "valid"),
        config.NullableString("data_format", null),
        config.Int("groups", 1),
        config.Activation("activation") ?? Activations.Activations.Get(null),
        config.Bool("use_bias", true),
        config.Initializer("kernel_initializer") ?? new GlorotUniform(),
        config.Initializer("bias_initializer") ?? new Zeros(),
        config.Regularizer("kernel_regularizer"),
        config.Regularizer("bias_regularizer"),
        config.NullableString("name", null));
}
