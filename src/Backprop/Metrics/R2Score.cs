namespace Backprop.Metrics;

/// <summary>Coefficient of determination 1 − SS_res / SS_tot over everything seen (uniform average over output columns), as Keras's R2Score.</summary>
public sealed class R2Score(string name = "r2_score") : Metric(name)
{
    /// <inheritdoc/>
    public override MetricDirection? Direction => MetricDirection.Up;

    private double[] _sum = [], _squares = [], _residual = [];
    private double _count;

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        int n = yTrue.Dim(0), c = yTrue.Size / Math.Max(1, n);
        if (_sum.Length != c) (_sum, _squares, _residual, _count) = (new double[c], new double[c], new double[c], 0);
        using Tensor.PooledValues labels = yTrue.CopyToPool(), predicted = yPred.CopyToPool();
        for (int i = 0; i < n; i++)
        {
            double w = sampleWeight is null ? 1 : sampleWeight.At(i);
            for (int j = 0; j < c; j++)
            {
                double y = labels.Span[i * c + j], p = predicted.Span[i * c + j];
                _sum[j] += w * y;
                _squares[j] += w * y * y;
                _residual[j] += w * (y - p) * (y - p);
            }
            _count += w;
        }
    }

    /// <inheritdoc/>
    public override float Result()
    {
        if (_count == 0) return 0f;
        double total = 0;
        for (int j = 0; j < _sum.Length; j++)
        {
            double mean = _sum[j] / _count, ssTot = _squares[j] - _count * mean * mean;
            // Keras (regression_metrics.py, R2Score.result): 1 − SSres/SStot with an infinite quotient read as 0; 0/0 (constant
            // targets predicted exactly) stays NaN.
            double score = 1 - _residual[j] / ssTot;
            total += double.IsInfinity(score) ? 0 : score;
        }
        return (float)(total / _sum.Length);
    }

    /// <inheritdoc/>
    public override void ResetState() => (_sum, _squares, _residual, _count) = ([], [], [], 0);

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["name"] = Name,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static R2Score FromConfig(Serialization.KerasConfig config) => new(
        name: config.String("name", "r2_score"));
}
