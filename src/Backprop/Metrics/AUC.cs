namespace Backprop.Metrics;

/// <summary>
/// Area under the ROC or precision-recall curve, Keras's way: confusion counts at <c>numThresholds</c>
/// thresholds (−ε, 1/(n−1), …, (n−2)/(n−1), 1 + ε), then for ROC the trapezoidal sum over (false-positive
/// rate, recall), and for PR the Davis–Goadrich interpolation. Keras's default 200 thresholds, curve ROC.
/// As Keras (metrics_utils.py, _update_confusion_matrix_variables_optimized) predictions are clipped to [0, 1]
/// and put in the bucket ⌈p·(n−1)⌉ − 1 (at least 0), which counts p for every threshold below it, and any
/// non-zero label is positive.
/// </summary>
public sealed class AUC : Metric
{
    /// <inheritdoc/>
    public override MetricDirection? Direction => MetricDirection.Up;

    /// <summary>Number of thresholds the curve is sampled at.</summary>
    public int NumThresholds => _thresholds.Length;

    private readonly float[] _thresholds;
    private readonly ConfusionCounts[] _counts;

    /// <summary>Creates the metric.</summary>
    /// <exception cref="ArgumentException">Fewer than 2 thresholds, or an unknown curve.</exception>
    public AUC(int numThresholds = 200, string curve = "ROC", string name = "auc") : base(name)
    {
        if (numThresholds < 2) throw new ArgumentException($"numThresholds must be at least 2, got {numThresholds}.", nameof(numThresholds));
        Curve = curve.ToUpperInvariant() is "ROC" or "PR" ? curve.ToUpperInvariant() : throw new ArgumentException($"Unknown curve '{curve}'. Known: ROC, PR.", nameof(curve));
        _thresholds = new float[numThresholds];
        _thresholds[0] = -1e-7f;
        for (int i = 1; i < numThresholds - 1; i++) _thresholds[i] = (float)(i / (double)(numThresholds - 1));
        _thresholds[^1] = 1 + 1e-7f;
        _counts = new ConfusionCounts[numThresholds];
    }

    /// <summary>"ROC" or "PR".</summary>
    public string Curve { get; }

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        int perSample = ThresholdCounting.CheckShapes(yTrue, yPred, sampleWeight, Name);
        int n = _thresholds.Length;
        var positives = new double[n];
        var negatives = new double[n];
        double totalPositive = 0, totalNegative = 0;
        using Tensor.PooledValues predicted = yPred.CopyToPool(), labels = yTrue.CopyToPool();
        ReadOnlySpan<float> p = predicted.Span, y = labels.Span;
        for (int i = 0; i < p.Length; i++)
        {
            double w = sampleWeight is null ? 1 : sampleWeight.At(i / perSample);
            float clipped = Math.Clamp(p[i], 0f, 1f);
            int bucket = Math.Max(0, (int)MathF.Ceiling(clipped * (n - 1f)) - 1);
            if (y[i] != 0f) { positives[bucket] += w; totalPositive += w; }
            else { negatives[bucket] += w; totalNegative += w; }
        }
        // A prediction in bucket b is above thresholds 0..b: the counts at threshold t are the sums over buckets ≥ t.
        double tp = 0, fp = 0;
        for (int t = n - 1; t >= 0; t--)
        {
            tp += positives[t];
            fp += negatives[t];
            _counts[t].TruePositives += tp;
            _counts[t].FalsePositives += fp;
            _counts[t].FalseNegatives += totalPositive - tp;
            _counts[t].TrueNegatives += totalNegative - fp;
        }
    }

    /// <inheritdoc/>
    public override float Result()
    {
        int n = _counts.Length;
        double sum = 0;
        if (Curve == "PR")
        {
            for (int i = 0; i < n - 1; i++)
            {
                double tp0 = _counts[i].TruePositives, tp1 = _counts[i + 1].TruePositives;
                double p0 = tp0 + _counts[i].FalsePositives, p1 = tp1 + _counts[i + 1].FalsePositives;
                double dtp = tp0 - tp1, dp = Math.Max(p0 - p1, 0);
                double slope = dp == 0 ? 0 : dtp / dp;
                double intercept = tp1 - slope * p1;
                double ratio = p0 > 0 && p1 > 0 ? p0 / p1 : 1;
                double denominator = Math.Max(tp1 + _counts[i + 1].FalseNegatives, 0);
                if (denominator > 0) sum += slope * (dtp + intercept * Math.Log(ratio)) / denominator;
            }
            return (float)sum;
        }
        for (int i = 0; i < n - 1; i++)
        {
            double x0 = Rate(_counts[i].FalsePositives, _counts[i].TrueNegatives), x1 = Rate(_counts[i + 1].FalsePositives, _counts[i + 1].TrueNegatives);
            double y0 = Rate(_counts[i].TruePositives, _counts[i].FalseNegatives), y1 = Rate(_counts[i + 1].TruePositives, _counts[i + 1].FalseNegatives);
            sum += (x0 - x1) * (y0 + y1) / 2;
        }
        return (float)sum;
    }

    private static double Rate(double hits, double misses) => hits + misses == 0 ? 0 : hits / (hits + misses);

    /// <inheritdoc/>
    public override void ResetState() => Array.Clear(_counts);

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["num_thresholds"] = NumThresholds,
        ["curve"] = Curve,
        ["name"] = Name,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static AUC FromConfig(Serialization.KerasConfig config) => new(
        numThresholds: config.Int("num_thresholds", 200),
        curve: config.String("curve", "ROC"),
        name: config.String("name", "auc"));
}
