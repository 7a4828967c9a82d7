namespace Backprop.Ops;

/// <summary>Statistics learned from data before training (Normalization.Adapt, StandardScaler.Fit), in double precision.</summary>
internal static class StatisticsOps
{
    /// <summary>Each feature's (last axis's) mean and population variance over every other axis, two-pass:
    /// the mean first, then the mean of the squared deviations, so a large offset does not cancel the variance away.</summary>
    public static (double[] Mean, double[] Variance) FeatureMeanAndVariance(Tensor data)
    {
        int features = data.Dim(-1), rows = data.Size / features;
        var mean = new double[features];
        var variance = new double[features];
        ReadOnlySpan<float> v = data.Span;
        for (int r = 0; r < rows; r++)
            for (int f = 0; f < features; f++) mean[f] += v[r * features + f];
        for (int f = 0; f < features; f++) mean[f] /= rows;
        for (int r = 0; r < rows; r++)
            for (int f = 0; f < features; f++) { double d = v[r * features + f] - mean[f]; variance[f] += d * d; }
        for (int f = 0; f < features; f++) variance[f] /= rows;
        return (mean, variance);
    }
}
