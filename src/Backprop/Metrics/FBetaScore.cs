namespace Backprop.Metrics;

/// <summary>
/// Fβ per class from counts accumulated over batches (predictions above the threshold, 0.5 by default, are
/// positive), averaged "macro" (mean over classes), "micro" (from pooled counts) or "weighted" (by support),
/// as Keras's FBetaScore; <see cref="ResultPerClass"/> gives the per-class values (Keras's average=None).
/// </summary>
public class FBetaScore(string average = "macro", float beta = 1f, float threshold = 0.5f, string name = "fbeta_score") : Metric(name)
{
    /// <summary>Weight of recall against precision.</summary>
    public float Beta => beta;
    /// <summary>Predictions above it count as positive.</summary>
    public float Threshold => threshold;

    private ConfusionCounts[] _perClass = [];

    /// <summary>macro, micro or weighted.</summary>
    public string Average { get; } = average is "macro" or "micro" or "weighted" ? average
        : throw new ArgumentException($"Unknown average '{average}'. Known: macro, micro, weighted.", nameof(average));

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        int n = yPred.Dim(0), c = yPred.Size / Math.Max(1, n);
        if (yTrue.Size != yPred.Size) throw new ArgumentException($"Fβ needs y_true and y_pred of the same shape, got {ShapeMath.Format(yTrue.ShapeRef)} and {ShapeMath.Format(yPred.ShapeRef)}.");
        if (_perClass.Length != c) _perClass = new ConfusionCounts[c];
        for (int i = 0; i < n; i++)
        {
            double w = sampleWeight is null ? 1 : sampleWeight.Data[sampleWeight.Offset + i];
            for (int j = 0; j < c; j++) _perClass[j].Add(yTrue.Data[yTrue.Offset + i * c + j] > 0.5f, yPred.Data[yPred.Offset + i * c + j] > threshold, w);
        }
    }

    /// <summary>Fβ of each class.</summary>
    public float[] ResultPerClass() => _perClass.Select(Score).ToArray();

    private float Score(ConfusionCounts k)
    {
        double b2 = beta * beta, denominator = (1 + b2) * k.TruePositives + b2 * k.FalseNegatives + k.FalsePositives;
        return denominator == 0 ? 0f : (float)((1 + b2) * k.TruePositives / denominator);
    }

    /// <inheritdoc/>
    public override float Result()
    {
        if (_perClass.Length == 0) return 0f;
        if (Average == "micro")
        {
            var pooled = new ConfusionCounts();
            foreach (var k in _perClass)
            {
                pooled.TruePositives += k.TruePositives;
                pooled.FalsePositives += k.FalsePositives;
                pooled.FalseNegatives += k.FalseNegatives;
            }
            return Score(pooled);
        }
        float[] scores = ResultPerClass();
        if (Average == "macro") return scores.Average();
        double[] support = _perClass.Select(k => k.TruePositives + k.FalseNegatives).ToArray();
        double total = support.Sum();
        return total == 0 ? 0f : (float)(scores.Select((s, j) => s * support[j]).Sum() / total);
    }

    /// <inheritdoc/>
    public override void ResetState() => _perClass = [];
}
