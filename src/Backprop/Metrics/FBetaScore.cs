namespace Backprop.Metrics;

/// <summary>
/// Fβ per class from counts accumulated over batches, as Keras's FBetaScore (keras/src/metrics/f_score_metrics.py):
/// with <c>threshold: null</c> (the default) a sample's largest prediction counts as positive (ties all count, an
/// all-zero row counts none), otherwise predictions above the threshold; the labels enter as their values.
/// precision = TP/(TP+FP+ε), recall = TP/(TP+FN+ε), Fβ = (1+β²)·precision·recall/(β²·precision + recall + ε), ε = 1e-7.
/// <c>average</c>: null (Keras's default: one score per class, <see cref="ResultPerClass"/>), "macro" (their mean),
/// "micro" (from counts pooled over classes) or "weighted" (by each class's summed labels).
/// </summary>
/// <remarks>Logs hold one number per metric, so with average null <see cref="Result"/> (what Fit and Evaluate log) is
/// the mean of the per-class scores; Keras logs the array itself.</remarks>
public class FBetaScore : Metric
{
    /// <inheritdoc/>
    public override MetricDirection? Direction => MetricDirection.Up;

    private const double Epsilon = 1e-7;

    /// <summary>Creates the metric with Keras's defaults.</summary>
    /// <exception cref="ArgumentException">An unknown average, β ≤ 0, or a threshold outside (0, 1].</exception>
    public FBetaScore(string? average = null, float beta = 1f, float? threshold = null, string name = "fbeta_score") : base(name)
    {
        Average = average is null or "macro" or "micro" or "weighted" ? average
            : throw new ArgumentException($"Unknown average '{average}'. Known: null (per class), macro, micro, weighted.", nameof(average));
        if (!(beta > 0)) throw new ArgumentException($"beta must be a positive number, got {beta}.", nameof(beta));
        if (threshold is { } t && !(t > 0 && t <= 1)) throw new ArgumentException($"threshold must be in (0, 1] or null (the largest prediction), got {t}.", nameof(threshold));
        (Beta, Threshold) = (beta, threshold);
    }

    /// <summary>Weight of recall against precision.</summary>
    public float Beta { get; }

    /// <summary>Predictions above it count as positive; null: the largest prediction of each sample.</summary>
    public float? Threshold { get; }

    /// <summary>null, macro, micro or weighted.</summary>
    public string? Average { get; }

    private double[] _tp = [], _fp = [], _fn = [], _support = [];

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">y_true or y_pred is not [batch, classes], their shapes differ, or the weights are not one per sample.</exception>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        if (yPred.Rank != 2 || yTrue.Rank != 2 || !yTrue.ShapeRef.AsSpan().SequenceEqual(yPred.ShapeRef))
            throw new ArgumentException($"{Name} expects y_true and y_pred of one shape [batch, classes], got {ShapeMath.Format(yTrue.ShapeRef)} and {ShapeMath.Format(yPred.ShapeRef)}.");
        int n = yPred.Dim(0), c = yPred.Dim(1);
        ThresholdCounting.CheckShapes(yTrue, yPred, sampleWeight, Name);
        if (_tp.Length != c) (_tp, _fp, _fn, _support) = (new double[c], new double[c], new double[c], new double[c]);
        using Tensor.PooledValues scores = yPred.CopyToPool(), labels = yTrue.CopyToPool();
        for (int i = 0; i < n; i++)
        {
            double w = sampleWeight is null ? 1 : sampleWeight.At(i);
            ReadOnlySpan<float> p = scores.Span.Slice(i * c, c), y = labels.Span.Slice(i * c, c);
            float max = Threshold is null ? System.Numerics.Tensors.TensorPrimitives.Max(p) : 0f;
            for (int j = 0; j < c; j++)
            {
                // Keras: y_pred >= max and |y_pred| > 1e-9 without a threshold, y_pred > threshold with one.
                double predicted = Threshold is { } t ? (p[j] > t ? 1 : 0) : (p[j] >= max && MathF.Abs(p[j]) > 1e-9f ? 1 : 0);
                double actual = y[j];
                _tp[j] += w * predicted * actual;
                _fp[j] += w * predicted * (1 - actual);
                _fn[j] += w * (1 - predicted) * actual;
                _support[j] += w * actual;
            }
        }
    }

    /// <summary>Fβ of each class (Keras's result with average null).</summary>
    public float[] ResultPerClass()
    {
        var scores = new float[_tp.Length];
        for (int j = 0; j < scores.Length; j++) scores[j] = (float)Score(_tp[j], _fp[j], _fn[j]);
        return scores;
    }

    private double Score(double tp, double fp, double fn)
    {
        double precision = tp / (tp + fp + Epsilon), recall = tp / (tp + fn + Epsilon), b2 = (double)Beta * Beta;
        return precision * recall / (b2 * precision + recall + Epsilon) * (1 + b2);
    }

    /// <inheritdoc/>
    public override float Result()
    {
        if (_tp.Length == 0) return 0f;
        if (Average == "micro") return (float)Score(_tp.Sum(), _fp.Sum(), _fn.Sum());
        float[] scores = ResultPerClass();
        if (Average != "weighted") return scores.Average();
        double total = _support.Sum() + Epsilon;
        return (float)scores.Select((s, j) => s * (_support[j] / total)).Sum();
    }

    /// <inheritdoc/>
    public override void ResetState() => (_tp, _fp, _fn, _support) = ([], [], [], []);

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["average"] = Average,
        ["beta"] = Beta,
        ["threshold"] = Threshold,
        ["name"] = Name,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static FBetaScore FromConfig(Serialization.KerasConfig config) => new(
        average: config.NullableString("average", null),
        beta: config.Float("beta", 1f),
        threshold: config.NullableFloat("threshold", null),
        name: config.String("name", "fbeta_score"));
}
