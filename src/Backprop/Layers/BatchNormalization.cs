using Backprop.Initializers;

namespace Backprop.Layers;

/// <summary>
/// Keras's BatchNormalization over the last axis (momentum 0.99, ε 1e-3). Training: normalize with the batch's
/// mean and (biased) variance, then y = x̂·γ + β, and update the moving statistics
/// moving ← moving·momentum + batch·(1 − momentum). Inference: normalize with the moving statistics.
/// The moving mean and variance are non-trainable weights (Keras's weight order: gamma, beta, moving_mean, moving_variance).
/// </summary>
public sealed class BatchNormalization : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <exception cref="ArgumentException">momentum is outside [0, 1] or epsilon is not positive.</exception>
    /// <remarks><paramref name="axis"/> is the axis holding the features (Keras's <c>axis</c>: −1, the channels of channels-last
    /// feature maps, by default; 1 for channels-first ones). The batch axis cannot be normalized over.</remarks>
    /// <exception cref="ArgumentException">The axis is 0, momentum is outside [0, 1], or epsilon is not positive.</exception>
    public BatchNormalization(float momentum = 0.99f, float epsilon = 1e-3f, bool center = true, bool scale = true, string? name = null, int axis = -1) : base(name)
    {
        Axis = axis != 0 ? axis : throw new ArgumentException("BatchNormalization cannot normalize over the batch axis (axis 0).", nameof(axis));
        if (momentum is < 0 or > 1) throw new ArgumentException($"momentum must be in [0, 1], got {momentum}.", nameof(momentum));
        if (!(epsilon > 0)) throw new ArgumentException($"epsilon must be positive, got {epsilon}.", nameof(epsilon));
        Momentum = momentum;
        Epsilon = epsilon;
        Center = center;
        Scale = scale;
    }

    /// <summary>Weight of the old moving statistics in each update.</summary>
    public float Momentum { get; }

    /// <summary>The axis holding the features (negative counts from the end, as Keras).</summary>
    public int Axis { get; }

    /// <summary>The feature axis of an input of <paramref name="rank"/> dimensions (batch included), from 0.</summary>
    private int FeatureAxis(int rank)
    {
        int axis = Axis < 0 ? Axis + rank : Axis;
        return axis is > 0 && axis < rank ? axis : throw new ArgumentException($"BatchNormalization '{Name}' normalizes axis {Axis}, which inputs of rank {rank} do not have.");
    }
    /// <summary>Added to the variance.</summary>
    public float Epsilon { get; }
    /// <summary>Whether β is added.</summary>
    public bool Center { get; }
    /// <summary>Whether γ multiplies.</summary>
    public bool Scale { get; }
    /// <summary>γ (after build, if <see cref="Scale"/>).</summary>
    public Tensor? Gamma { get; private set; }
    /// <summary>β (after build, if <see cref="Center"/>).</summary>
    public Tensor? Beta { get; private set; }
    /// <summary>The moving mean (after build).</summary>
    public Tensor MovingMean { get; private set; } = null!;
    /// <summary>The moving variance (after build).</summary>
    public Tensor MovingVariance { get; private set; } = null!;

    /// <inheritdoc/>
    protected override void OnBuild(int[] inputShape)
    {
        int features = inputShape[FeatureAxis(inputShape.Length + 1) - 1];
        if (Scale) Gamma = AddWeight("gamma", [features], new Ones());
        if (Center) Beta = AddWeight("beta", [features], new Zeros());
        MovingMean = AddWeight("moving_mean", [features], new Zeros(), trainable: false);
        MovingVariance = AddWeight("moving_variance", [features], new Ones(), trainable: false);
    }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        int axis = FeatureAxis(inputs.Rank);
        if (axis != inputs.Rank - 1)
        {
            // The features moved to the last axis and back: [N, C, H, W] → [N, H, W, C] → normalized → [N, C, H, W].
            int[] toLast = [.. Enumerable.Range(0, inputs.Rank).Where(a => a != axis), axis];
            int[] back = new int[toLast.Length];
            for (int i = 0; i < toLast.Length; i++) back[toLast[i]] = i;
            return Ops.PermuteOp.Permute(Normalize(Ops.PermuteOp.Permute(inputs, toLast), training), back);
        }
        return Normalize(inputs, training);
    }

    private Tensor Normalize(Tensor inputs, bool training)
    {
        int features = inputs.Dim(-1);
        Tensor flat = inputs.Reshape(-1, features);
        Tensor normalized;
        // Keras (layers/normalization/batch_normalization.py): a frozen layer runs in inference mode even in training,
        // so fine-tuning with frozen batch norms neither uses batch statistics nor moves the moving ones.
        if (training && Trainable)
        {
            Tensor mean = flat.Mean(0);
            Tensor centered = flat - mean;
            Tensor variance = centered.Square().Mean(0);
            normalized = centered / (variance + Epsilon).Sqrt();
            // Moving statistics are state, not part of the graph.
            Ops.StateOps.MoveAverage(MovingMean, mean, Momentum);
            Ops.StateOps.MoveAverage(MovingVariance, variance, Momentum);
        }
        else normalized = (flat - MovingMean.Detach()) / (MovingVariance.Detach() + Epsilon).Sqrt();
        if (Gamma is not null) normalized = normalized * Gamma;
        if (Beta is not null) normalized = normalized + Beta;
        return normalized.Reshape(inputs.Shape);
    }

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["momentum"] = Momentum;
        config["epsilon"] = Epsilon;
        config["center"] = Center;
        config["scale"] = Scale;
        // Written only when it is not Keras's default, so files of layers over the last axis keep their bytes.
        if (Axis != -1) config["axis"] = Axis;
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static BatchNormalization FromConfig(Serialization.KerasConfig config) => new(
        axis: config.IsList("axis") ? config.Ints("axis") is [int one] ? one : throw new InvalidDataException("BatchNormalization: only one axis is supported, got several.") : config.Int("axis", -1),
        momentum: config.Float("momentum", 0.99f),
        epsilon: config.Float("epsilon", 0.001f),
        center: config.Bool("center", true),
        scale: config.Bool("scale", true),
        name: config.NullableString("name", null));
}
