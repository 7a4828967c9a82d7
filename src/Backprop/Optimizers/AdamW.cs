namespace Backprop.Optimizers;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov and Hutter), as Keras's AdamW: Adam's update, preceded by
/// w ← w − w·weightDecay·lr. Defaults: lr 0.001, weight decay 0.004, β₁ 0.9, β₂ 0.999, ε 1e-7.
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>AdamW with Keras's other defaults and a learning rate written as Keras code writes it, a double
    /// (<c>new AdamW(0.001)</c>).</summary>
    public AdamW(double learningRate) : this((float)learningRate) { }

    /// <summary>Creates AdamW with Keras's defaults.</summary>
    public AdamW(float learningRate = 0.001f, float weightDecay = 0.004f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f, bool amsgrad = false)
        : base(learningRate, beta1, beta2, epsilon, amsgrad)
    {
        if (!(weightDecay >= 0)) throw new ArgumentException($"weightDecay must be a non-negative number, got {weightDecay}.", nameof(weightDecay));
        WeightDecay = weightDecay;
    }

    /// <inheritdoc/>
    public override string Name => "adamw";

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["learning_rate"] = LearningRate,
        ["weight_decay"] = WeightDecay,
        ["beta_1"] = Beta1,
        ["beta_2"] = Beta2,
        ["epsilon"] = Epsilon,
        ["amsgrad"] = Amsgrad,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static new AdamW FromConfig(Serialization.KerasConfig config) => new(
        learningRate: config.LearningRate(0.001f),
        weightDecay: config.Float("weight_decay", 0.004f),
        beta1: config.Float("beta_1", 0.9f),
        beta2: config.Float("beta_2", 0.999f),
        epsilon: config.Float("epsilon", 1e-07f),
        amsgrad: config.Bool("amsgrad", false));
}
