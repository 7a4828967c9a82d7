namespace Backprop.Activations;

/// <summary>Activations by Keras name: linear, relu, sigmoid, softmax, tanh.</summary>
public static class Activations
{
    /// <summary>Identity.</summary>
    public static readonly ActivationFunction Linear = new("linear", x => x);
    /// <summary>max(x, 0).</summary>
    public static readonly ActivationFunction Relu = new("relu", x => x.Relu());
    /// <summary>1 / (1 + e⁻ˣ); remembers its input so binary crossentropy can use the logits.</summary>
    public static readonly ActivationFunction Sigmoid = new("sigmoid", x => WithLogits(x.Sigmoid(), x, LogitsKind.Sigmoid));
    /// <summary>Softmax over the last axis; remembers its input so categorical crossentropy can use the logits.</summary>
    public static readonly ActivationFunction Softmax = new("softmax", x => WithLogits(x.Softmax(-1), x, LogitsKind.Softmax));
    /// <summary>Hyperbolic tangent.</summary>
    public static readonly ActivationFunction Tanh = new("tanh", x => x.Tanh());

    private static readonly ActivationFunction[] Known = [Linear, Relu, Sigmoid, Softmax, Tanh];

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
    private static Tensor WithLogits(Tensor output, Tensor logits, LogitsKind kind)
    {
        output.Logits = logits;
        output.LogitsKind = kind;
        return output;
    }
}
