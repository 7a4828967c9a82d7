namespace Backprop.Optimizers;

/// <summary>
/// Stochastic gradient descent, Keras's formula: without momentum w ← w − lr·g; with momentum
/// m ← momentum·m − lr·g, then w ← w + m, or with Nesterov w ← w + momentum·m − lr·g.
/// Defaults: learning rate 0.01, momentum 0, nesterov false.
/// </summary>
public sealed class SGD : Optimizer
{
    /// <summary>SGD with Keras's other defaults and a learning rate written as Keras code writes it, a double
    /// (<c>new SGD(0.001)</c>).</summary>
    public SGD(double learningRate) : this((float)learningRate) { }

    /// <summary>Creates SGD with Keras's defaults.</summary>
    public SGD(float learningRate = 0.01f, float momentum = 0f, bool nesterov = false) : base(learningRate)
    {
        if (momentum < 0 || momentum > 1) throw new ArgumentException($"momentum must be in [0, 1], got {momentum}.", nameof(momentum));
        Momentum = momentum;
        Nesterov = nesterov;
    }

    /// <summary>Momentum factor.</summary>
    public float Momentum { get; }
    /// <summary>Whether the Nesterov form is used.</summary>
    public bool Nesterov { get; }
    /// <inheritdoc/>
    public override string Name => "SGD";
    /// <inheritdoc/>
    protected override int SlotCount => Momentum != 0 ? 1 : 0;

    /// <inheritdoc/>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    protected override void UpdateStep(Span<float> w, ReadOnlySpan<float> g, SlotSpans slots, float lr)
    {
        if (Momentum == 0)
        {
            for (int i = 0; i < w.Length; i++) w[i] -= lr * g[i];
            return;
        }
        Span<float> m = slots[0];
        for (int i = 0; i < w.Length; i++)
        {
            m[i] = -g[i] * lr + m[i] * Momentum;
            w[i] += Nesterov ? -g[i] * lr + m[i] * Momentum : m[i];
        }
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["learning_rate"] = LearningRate,
        ["momentum"] = Momentum,
        ["nesterov"] = Nesterov,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static SGD FromConfig(Serialization.KerasConfig config) => new(
        learningRate: config.LearningRate(0.01f),
        momentum: config.Float("momentum", 0f),
        nesterov: config.Bool("nesterov", false));
}
