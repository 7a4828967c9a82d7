namespace Backprop.Losses;

/// <summary>
/// A Keras loss: per-sample values reduced by mean over the batch ("sum_over_batch_size": with sample
/// weights, Σ wᵢ·lᵢ / N). <see cref="Call"/> returns a differentiable scalar.
/// </summary>
public abstract class Loss
{
    /// <summary>Keras's name (used in configs and logs).</summary>
    public abstract string Name { get; }

    /// <summary>Keras's <c>get_config</c>: the name, the loss's own settings (<see cref="OwnConfig"/>), and the reduction.</summary>
    public IDictionary<string, object?> GetConfig()
    {
        var config = new Dictionary<string, object?> { ["name"] = Name };
        foreach (var (key, value) in OwnConfig()) config[key] = value;
        config["reduction"] = "sum_over_batch_size";
        return config;
    }

    /// <summary>This class's own settings under Keras's keys, in the order its files list them (each library class
    /// writes its own: a renamed C# parameter never changes a file). A class of the user's that does not override it
    /// is read from its constructor's parameters, as Keras's default <c>cls(**config)</c> is.</summary>
    protected virtual IDictionary<string, object?> OwnConfig() => Serialization.KerasConfigWriter.ConstructorConfig(this);

    /// <summary>The mean loss over the batch, optionally weighting each sample.</summary>
    /// <exception cref="ArgumentException">The shapes of y_true and y_pred do not fit this loss.</exception>
    public Tensor Call(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        yTrue = SameRank(yTrue, yPred);
        CheckShapes(yTrue, yPred);
        if (sampleWeight is not null && (sampleWeight.Size != yPred.Dim(0)))
            throw new ArgumentException($"sample_weight must hold one weight per sample ({yPred.Dim(0)}), got shape {ShapeMath.Format(sampleWeight.ShapeRef)}.");
        Tensor? fused = FusedCall(yTrue, yPred, sampleWeight);
        if (fused is not null) return fused;
        Tensor perSample = PerSample(yTrue, yPred);
        if (sampleWeight is not null) perSample = perSample * sampleWeight.Reshape(perSample.Shape).Detach();
        return perSample.Mean();
    }

    /// <summary>Keras's squeeze_or_expand_to_same_rank (losses/loss.py): when the ranks differ by one and the larger
    /// ends in an axis of 1, that axis is dropped, so targets [N] fit predictions [N, 1] and the other way round.</summary>
    private static Tensor SameRank(Tensor yTrue, Tensor yPred)
    {
        int difference = yTrue.Rank - yPred.Rank;
        if (difference == -1 && yPred.Dim(-1) == 1 || difference == 1 && yTrue.Dim(-1) == 1)
            return yTrue.Reshape(yPred.Shape);
        return yTrue;
    }

    /// <summary>The loss of each sample, shape [N].</summary>
    protected abstract Tensor PerSample(Tensor yTrue, Tensor yPred);

    /// <summary>A fused computation of the whole reduced loss where one applies (e.g. from logits), else null.</summary>
    protected virtual Tensor? FusedCall(Tensor yTrue, Tensor yPred, Tensor? sampleWeight) => null;

    /// <summary>Checks that targets and predictions fit; by default they must have the same shape.</summary>
    protected virtual void CheckShapes(Tensor yTrue, Tensor yPred)
    {
        if (!yTrue.SameShape(yPred))
            throw new ArgumentException($"Loss '{Name}' needs y_true and y_pred of the same shape, got y_true {ShapeMath.Format(yTrue.ShapeRef)} and y_pred {ShapeMath.Format(yPred.ShapeRef)}.");
    }

    /// <summary>Looks up a loss by Keras name (short or long).</summary>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known ones.</exception>
    public static Loss Get(string name) => name.ToLowerInvariant() switch
    {
        "mse" or "mean_squared_error" => new MeanSquaredError(),
        "mae" or "mean_absolute_error" => new MeanAbsoluteError(),
        "binary_crossentropy" or "bce" => new BinaryCrossentropy(),
        "categorical_crossentropy" or "cce" => new CategoricalCrossentropy(),
        "sparse_categorical_crossentropy" => new SparseCategoricalCrossentropy(),
        "mape" or "mean_absolute_percentage_error" => new MeanAbsolutePercentageError(),
        "msle" or "mean_squared_logarithmic_error" => new MeanSquaredLogarithmicError(),
        "huber" => new Huber(),
        "log_cosh" or "logcosh" => new LogCosh(),
        "hinge" => new Hinge(),
        "squared_hinge" => new SquaredHinge(),
        "categorical_hinge" => new CategoricalHinge(),
        "kl_divergence" or "kld" or "kullback_leibler_divergence" => new KLDivergence(),
        "poisson" => new Poisson(),
        "cosine_similarity" => new CosineSimilarity(),
        _ => throw new ArgumentException($"Unknown loss '{name}'. Known losses: mse (mean_squared_error), mae (mean_absolute_error), binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy, mape, msle, huber, log_cosh, hinge, squared_hinge, categorical_hinge, kl_divergence, poisson, cosine_similarity.", nameof(name)),
    };

    /// <summary>log cosh x = x + softplus(−2x) − log 2, stable for large |x|.</summary>
    protected static Tensor LogCoshOf(Tensor x)
    {
        Tensor negTwoX = -2f * x;
        Tensor softplus = negTwoX.Relu() + ((-negTwoX.Abs()).Exp() + 1f).Log();
        return x + softplus - MathF.Log(2f);
    }

    /// <summary>Keras's hinge losses take labels in {−1, 1}; labels given as {0, 1} are mapped by 2y − 1.</summary>
    protected static Tensor SignedLabels(Tensor yTrue)
    {
        using (Tensor.PooledValues labels = yTrue.CopyToPool())
            foreach (float v in labels.Span)
                if (v != 0f && v != 1f) return yTrue;
        return 2f * yTrue - 1f;
    }

    /// <summary>Values clipped to [ε, 1].</summary>
    protected static Tensor ClipProbability(Tensor t) => t.Clip(Epsilon, 1f);

    /// <summary>Keras's L2 normalisation over the last axis (keras/src/ops/nn.py, _normalize): x · rsqrt(max(Σx², ε²)),
    /// ε = 1e-7, so a zero vector stays zero and a vector shorter than ε is scaled by 1/ε rather than to unit length.</summary>
    protected static Tensor L2Normalize(Tensor t) => t / t.Square().Sum(-1, keepDims: true).Clip(Epsilon * Epsilon, float.PositiveInfinity).Sqrt();

    /// <summary>Keras's epsilon: probabilities are clipped to [ε, 1 − ε] before the log.</summary>
    protected const float Epsilon = 1e-7f;
}
