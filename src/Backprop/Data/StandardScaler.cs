namespace Backprop.Datasets;

/// <summary>
/// Standardisation fitted on training data and applied to any data: (x − mean) / std per feature (column),
/// like scikit-learn's StandardScaler (population std; a constant feature gets std 1 so it maps to 0).
/// </summary>
public sealed class StandardScaler
{
    private float[]? _mean;
    private float[]? _std;

    /// <summary>Per-feature means learned by <see cref="Fit"/>.</summary>
    public IReadOnlyList<float> Mean => _mean ?? throw new InvalidOperationException("Call Fit first.");

    /// <summary>Per-feature standard deviations learned by <see cref="Fit"/>.</summary>
    public IReadOnlyList<float> Std => _std ?? throw new InvalidOperationException("Call Fit first.");

    /// <summary>Learns mean and std of each column of a [rows, features] tensor.</summary>
    public StandardScaler Fit(Tensor x)
    {
        if (x.Rank != 2 || x.Dim(0) == 0) throw new ArgumentException($"StandardScaler needs [rows, features] with at least one row, got {ShapeMath.Format(x.ShapeRef)}.", nameof(x));
        // The statistics Normalization.Adapt learns; a constant feature keeps a standard deviation of 1, as sklearn's.
        (double[] mean, double[] variance) = Ops.StatisticsOps.FeatureMeanAndVariance(x);
        _mean = mean.Select(m => (float)m).ToArray();
        _std = variance.Select(v => Math.Sqrt(v) is var std && std > 0 ? (float)std : 1f).ToArray();
        return this;
    }

    /// <summary>Applies the learned standardisation (a new tensor).</summary>
    /// <exception cref="ArgumentException">The feature count differs from the fitted data's.</exception>
    public Tensor Transform(Tensor x)
    {
        if (_mean is null || _std is null) throw new InvalidOperationException("StandardScaler.Transform needs Fit first.");
        if (x.Rank != 2 || x.Dim(1) != _mean.Length)
            throw new ArgumentException($"StandardScaler was fitted on {_mean.Length} features, got shape {ShapeMath.Format(x.ShapeRef)}.", nameof(x));
        using (Autograd.Autograd.NoGrad())
            return (x - Tensor.FromArray((float[])_mean.Clone(), _mean.Length)) / Tensor.FromArray((float[])_std.Clone(), _std.Length);
    }

    /// <summary><see cref="Fit"/> then <see cref="Transform"/>.</summary>
    public Tensor FitTransform(Tensor x) => Fit(x).Transform(x);
}
