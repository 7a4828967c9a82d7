namespace Backprop.Metrics;

/// <summary>
/// A stateful Keras metric: <see cref="UpdateState"/> accumulates over batches, <see cref="Result"/>
/// reads the value so far, <see cref="ResetState"/> starts again (Fit resets at each epoch).
/// </summary>
public abstract class Metric(string name)
{
    /// <summary>The name shown in logs (e.g. "accuracy").</summary>
    public string Name { get; } = name;

    /// <summary>Keras's <c>get_config</c>: the settings a file holds for this object (<see cref="OwnConfig"/>).</summary>
    public IDictionary<string, object?> GetConfig() => OwnConfig();

    /// <summary>This class's own settings under Keras's keys, in the order its files list them (each library class
    /// writes its own: a renamed C# parameter never changes a file). A class of the user's that does not override it
    /// is read from its constructor's parameters, as Keras's default <c>cls(**config)</c> is.</summary>
    protected virtual IDictionary<string, object?> OwnConfig() => Serialization.KerasConfigWriter.ConstructorConfig(this);

    /// <summary>Whether the metric improves upwards or downwards, or null when that is not known (Keras's
    /// <c>_direction</c>); callbacks in mode "auto" need it.</summary>
    public virtual MetricDirection? Direction => null;

    /// <summary>Checks that <paramref name="sampleWeight"/> holds one weight per sample (the rule every metric shares).</summary>
    /// <exception cref="ArgumentException">It holds another number of values; the message names the metric and the shape.</exception>
    internal static void CheckOneWeightPerSample(string metric, Tensor? sampleWeight, int samples)
    {
        if (sampleWeight is not null && sampleWeight.Size != samples)
            throw new ArgumentException($"{metric}: sample_weight must hold one weight per sample ({samples}), got shape {ShapeMath.Format(sampleWeight.ShapeRef)}.", nameof(sampleWeight));
    }

    /// <summary>Accumulates one batch.</summary>
    public abstract void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null);

    /// <summary>The value over everything accumulated since the last reset.</summary>
    public abstract float Result();

    /// <summary>Forgets the accumulated state.</summary>
    public abstract void ResetState();

    /// <summary>
    /// Looks up a metric by Keras name. "accuracy"/"acc" needs the shapes to resolve, as in Keras 3
    /// (binary when y_pred has one column, sparse when y_true has fewer axes or one column, else categorical):
    /// see <see cref="Resolve"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known ones.</exception>
    public static Metric Get(string name) => name.ToLowerInvariant() switch
    {
        "accuracy" or "acc" => new Accuracy(name),
        "binary_accuracy" => new BinaryAccuracy(),
        "categorical_accuracy" => new CategoricalAccuracy(),
        "sparse_categorical_accuracy" => new SparseCategoricalAccuracy(),
        "mae" or "mean_absolute_error" => new MeanAbsoluteError(name),
        "mse" or "mean_squared_error" => new MeanSquaredError(name),
        "top_k_categorical_accuracy" => new TopKCategoricalAccuracy(),
        "sparse_top_k_categorical_accuracy" => new SparseTopKCategoricalAccuracy(),
        "rmse" or "root_mean_squared_error" => new RootMeanSquaredError(name),
        "mape" or "mean_absolute_percentage_error" => new MeanAbsolutePercentageError(name),
        "precision" => new Precision(),
        "recall" => new Recall(),
        "auc" => new AUC(),
        "f1_score" => new F1Score(),
        "r2_score" => new R2Score(),
        _ => throw new ArgumentException($"Unknown metric '{name}'. Known metrics: accuracy (acc), binary_accuracy, categorical_accuracy, sparse_categorical_accuracy, top_k_categorical_accuracy, sparse_top_k_categorical_accuracy, mae, mse, rmse, mape, precision, recall, auc, f1_score, r2_score.", nameof(name)),
    };

    /// <summary>Keras 3's rule for "accuracy": by the shapes of the targets and predictions.</summary>
    internal static Metric Resolve(string name, int[] yTrueShape, int[] yPredShape)
    {
        int predLast = yPredShape.Length > 0 ? yPredShape[^1] : 1;
        int trueLast = yTrueShape.Length > 0 ? yTrueShape[^1] : 1;
        if (predLast == 1) return new BinaryAccuracy(name);
        if (yTrueShape.Length < yPredShape.Length || (trueLast == 1 && predLast > 1)) return new SparseCategoricalAccuracy(name);
        return new CategoricalAccuracy(name);
    }
}
