using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Ops;

namespace Backprop.Layers;

/// <summary>
/// Densely connected layer: output = activation(inputs · kernel + bias), with kernel [inputDim, units]
/// (glorot_uniform by default) and bias [units] (zeros), as Keras's Dense. Linear, relu and tanh run as
/// one fused operation (GEMM, bias and activation, one backward node); softmax and sigmoid run after the GEMM
/// and keep their logits, so a crossentropy loss computes from those.
/// </summary>
/// <example><code>new Dense(512, activation: "relu")</code> on 784 inputs has 784·512 + 512 = 401,920 parameters.</example>
public sealed class Dense : Layer
{
    /// <summary>Creates the layer's configuration; weights are made on <see cref="Layer.Build"/>.</summary>
    /// <exception cref="ArgumentException">units is not positive, or a name is unknown.</exception>
    public Dense(int units, string? activation = null, bool useBias = true, string kernelInitializer = "glorot_uniform",
        string biasInitializer = "zeros", string? name = null, Regularizers.Regularizer? kernelRegularizer = null, Regularizers.Regularizer? biasRegularizer = null)
        : this(units, Activations.Activations.Get(activation), useBias, Initializer.Get(kernelInitializer), Initializer.Get(biasInitializer), name)
    {
        KernelRegularizer = kernelRegularizer;
        BiasRegularizer = biasRegularizer;
    }

    /// <summary>Penalty on the kernel added to the training loss, or null.</summary>
    public Regularizers.Regularizer? KernelRegularizer { get; init; }

    /// <summary>Penalty on the bias added to the training loss, or null.</summary>
    public Regularizers.Regularizer? BiasRegularizer { get; init; }

    /// <inheritdoc/>
    protected override bool HasWeightRegularizers => KernelRegularizer is not null || BiasRegularizer is not null;

    /// <inheritdoc/>
    protected override IEnumerable<Tensor> WeightRegularizationLosses()
    {
        if (!Built) yield break;
        if (KernelRegularizer is not null) yield return KernelRegularizer.Call(Kernel);
        if (BiasRegularizer is not null && Bias is not null) yield return BiasRegularizer.Call(Bias);
    }

    /// <summary>Creates the layer from typed activation and initializers.</summary>
    public Dense(int units, ActivationFunction activation, bool useBias, Initializer kernelInitializer, Initializer biasInitializer, string? name = null)
        : base(name)
    {
        if (units <= 0) throw new ArgumentException($"Dense needs a positive number of units, got {units}.", nameof(units));
        Units = units;
        Activation = activation;
        UseBias = useBias;
        KernelInitializer = kernelInitializer;
        BiasInitializer = biasInitializer;
    }

    /// <summary>Keras's <c>from_config</c>: the layer its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Dense FromConfig(Serialization.KerasConfig config) => new(
        units: config.Int("units"),
        activation: config.Activation("activation") ?? Activations.Activations.Get(null),
        useBias: config.Bool("use_bias", true),
        kernelInitializer: config.Initializer("kernel_initializer") ?? new GlorotUniform(),
        biasInitializer: config.Initializer("bias_initializer") ?? new Zeros(),
        name: config.NullableString("name", null))
    {
        KernelRegularizer = config.Regularizer("kernel_regularizer"),
        BiasRegularizer = config.Regularizer("bias_regularizer"),
    };

    /// <summary>Output width.</summary>
    public int Units { get; }
    /// <summary>The activation applied to x·W + b.</summary>
    public ActivationFunction Activation { get; }
    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }
    /// <summary>Initializer of the kernel.</summary>
    public Initializer KernelInitializer { get; }
    /// <summary>Initializer of the bias.</summary>
    public Initializer BiasInitializer { get; }

    /// <summary>The weight matrix [inputDim, units] (after build).</summary>
    public Tensor Kernel { get; private set; } = null!;

    /// <summary>The bias [units] (after build; null without bias).</summary>
    public Tensor? Bias { get; private set; }

    /// <inheritdoc/>
    protected override void OnBuild(int[] inputShape)
    {
        if (inputShape.Length != 1)
            throw new ArgumentException($"Dense '{Name}' expects inputs of shape (None, features), got {FormatWithBatch(inputShape)}; add a Flatten layer first.");
        Kernel = AddWeight("kernel", [inputShape[0], Units], KernelInitializer);
        if (UseBias) Bias = AddWeight("bias", [Units], BiasInitializer);
    }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        FusedActivation? fused = FusedActivations.Of(Activation);
        if (fused is { } kind) return DenseOp.Forward(inputs, Kernel, Bias, kind);
        // Softmax and sigmoid keep their logits visible so a crossentropy can fuse with them.
        return Activation.Apply(DenseOp.Forward(inputs, Kernel, Bias, FusedActivation.Linear));
    }

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape) => [Units];

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["units"] = Units;
        config["activation"] = Activation.Name;
        config["use_bias"] = UseBias;
        config["kernel_initializer"] = KernelInitializer;
        config["bias_initializer"] = BiasInitializer;
        config["kernel_regularizer"] = KernelRegularizer;
        config["bias_regularizer"] = BiasRegularizer;
        return config;
    }
}
