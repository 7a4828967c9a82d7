namespace Backprop.Activations;

/// <summary>
/// Activations by Keras name. Those beyond the lecture's five are compositions of differentiable
/// operations, so their gradients come from autograd; defaults are Keras 3's (leaky_relu slope 0.2,
/// elu alpha 1, selu's constants, gelu exact with erf, hard_sigmoid = relu6(x + 3) / 6).
/// </summary>
public static class Activations
{
    /// <summary>Identity.</summary>
    public static readonly ActivationFunction Linear = new("linear", x => x);
    /// <summary>max(x, 0).</summary>
    public static readonly ActivationFunction Relu = new("relu", x => x.Relu());
    /// <summary>1 / (1 + e⁻ˣ); remembers its input so binary crossentropy can use the logits.</summary>
    public static readonly ActivationFunction Sigmoid = new("sigmoid", x => WithLogits(x.Sigmoid(), x, Ops.LogitsKind.Sigmoid));
    /// <summary>Softmax over the last axis; remembers its input so categorical crossentropy can use the logits.</summary>
    public static readonly ActivationFunction Softmax = new("softmax", x => WithLogits(x.Softmax(-1), x, Ops.LogitsKind.Softmax));
    /// <summary>Hyperbolic tangent.</summary>
    public static readonly ActivationFunction Tanh = new("tanh", x => x.Tanh());

    /// <summary>x if x &gt; 0 else e^x − 1 (alpha 1).</summary>
    public static readonly ActivationFunction Elu = new("elu", x => EluOf(x, 1f));
    /// <summary>scale · elu(x, alpha) with Keras's alpha 1.67326324 and scale 1.05070098.</summary>
    public static readonly ActivationFunction Selu = new("selu", x => 1.05070098f * EluOf(x, 1.67326324f));
    /// <summary>log(1 + eˣ), computed as relu(x) + log(1 + e^−|x|) so large inputs do not overflow.</summary>
    public static readonly ActivationFunction Softplus = new("softplus", SoftplusOf);
    /// <summary>x / (|x| + 1).</summary>
    public static readonly ActivationFunction Softsign = new("softsign", x => x / (x.Abs() + 1f));
    /// <summary>x · sigmoid(x) (also called silu).</summary>
    public static readonly ActivationFunction Swish = new("swish", x => x * x.Sigmoid());
    /// <summary>The same function as swish, under its other Keras name.</summary>
    public static readonly ActivationFunction Silu = new("silu", x => x * x.Sigmoid());
    /// <summary>x · Φ(x) = 0.5x(1 + erf(x/√2)), Keras's default (approximate = false).</summary>
    public static readonly ActivationFunction Gelu = new("gelu", x => 0.5f * x * ((x * (1f / MathF.Sqrt(2f))).Erf() + 1f));
    /// <summary>x if x &gt; 0 else 0.2x (Keras 3's default negative slope).</summary>
    public static readonly ActivationFunction LeakyRelu = new("leaky_relu", x => x.Relu() - 0.2f * (-x).Relu());
    /// <summary>min(max(x, 0), 6).</summary>
    public static readonly ActivationFunction Relu6 = new("relu6", x => x.Clip(0f, 6f));
    /// <summary>eˣ.</summary>
    public static readonly ActivationFunction Exponential = new("exponential", x => x.Exp());
    /// <summary>relu6(x + 3) / 6 = clip(x/6 + 0.5, 0, 1), Keras 3's definition.</summary>
    public static readonly ActivationFunction HardSigmoid = new("hard_sigmoid", HardSigmoidOf);
    /// <summary>x · hard_sigmoid(x).</summary>
    public static readonly ActivationFunction HardSwish = new("hard_swish", x => x * HardSigmoidOf(x));
    /// <summary>The same function as hard_swish, under the name Keras 3 saves it with (activations/__init__.py).</summary>
    public static readonly ActivationFunction HardSilu = new("hard_silu", x => x * HardSigmoidOf(x));
    /// <summary>x · tanh(softplus(x)).</summary>
    public static readonly ActivationFunction Mish = new("mish", x => x * SoftplusOf(x).Tanh());
    /// <summary>log softmax over the last axis.</summary>
    public static readonly ActivationFunction LogSoftmax = new("log_softmax", x => x.LogSoftmax(-1));

    private static Tensor EluOf(Tensor x, float alpha) => x.Relu() + alpha * ((-(-x).Relu()).Exp() - 1f);

    private static Tensor SoftplusOf(Tensor x) => x.Relu() + ((-x.Abs()).Exp() + 1f).Log();

    private static Tensor HardSigmoidOf(Tensor x) => (x / 6f + 0.5f).Clip(0f, 1f);

    private static readonly ActivationFunction[] Known =
        [Linear, Relu, Sigmoid, Softmax, Tanh, Elu, Selu, Softplus, Softsign, Swish, Silu, Gelu, LeakyRelu, Relu6, Exponential, HardSigmoid, HardSwish, HardSilu, Mish, LogSoftmax];

    /// <summary>The names <see cref="Get"/> accepts.</summary>
    public static IReadOnlyList<string> Names => Known.Select(a => a.Name).ToArray();

    /// <summary>Looks up an activation by Keras name (null or "" means linear).</summary>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known ones.</exception>
    public static ActivationFunction Get(string? name)
    {
        if (string.IsNullOrEmpty(name)) return Linear;
        return Known.FirstOrDefault(a => a.Name == name.ToLowerInvariant())
            ?? throw new ArgumentException($"Unknown activation '{name}'. Known activations: {string.Join(", ", Names)}.", nameof(name));
    }

    // Keras's TensorFlow backend does the same through `_keras_logits`: a crossentropy that receives
    // softmax or sigmoid output computes from the logits instead (stable, and the fused backward).
    private static Tensor WithLogits(Tensor output, Tensor logits, Ops.LogitsKind kind) => Ops.LogitsOrigin.Attach(output, logits, kind);
}
