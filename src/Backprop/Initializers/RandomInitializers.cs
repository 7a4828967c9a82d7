namespace Backprop.Initializers;

/// <summary>Uniform in [minval, maxval); Keras's defaults −0.05 and 0.05.</summary>
public sealed class RandomUniform(float minval = -0.05f, float maxval = 0.05f) : Initializer
{
    /// <inheritdoc/>
    public override string Name => "random_uniform";
    /// <inheritdoc/>
    public override Tensor Create(int[] shape) => Tensor.RandomUniform(shape, minval, maxval);
}

/// <summary>Normal with the given mean and stddev; Keras's defaults 0 and 0.05.</summary>
public sealed class RandomNormal(float mean = 0f, float stddev = 0.05f) : Initializer
{
    /// <inheritdoc/>
    public override string Name => "random_normal";
    /// <inheritdoc/>
    public override Tensor Create(int[] shape) => Tensor.RandomNormal(shape, mean, stddev);
}

/// <summary>Normal with the given mean and stddev, values beyond two stddevs redrawn; Keras's defaults 0 and 0.05.</summary>
public sealed class TruncatedNormal(float mean = 0f, float stddev = 0.05f) : Initializer
{
    /// <inheritdoc/>
    public override string Name => "truncated_normal";
    /// <inheritdoc/>
    public override Tensor Create(int[] shape) => Sample(shape, mean, stddev);

    internal static Tensor Sample(int[] shape, double mean, double stddev)
    {
        var t = Tensor.Zeros(shape);
        Span<float> values = t.Span;
        for (int i = 0; i < values.Length; i++)
        {
            double v;
            do v = RandomSource.NextStandardNormal(); while (Math.Abs(v) > 2);
            values[i] = (float)(mean + v * stddev);
        }
        return t;
    }
}

/// <summary>Every element equal to a value (Keras's default 0).</summary>
public sealed class Constant(float value = 0f) : Initializer
{
    /// <inheritdoc/>
    public override string Name => "constant";
    /// <inheritdoc/>
    public override Tensor Create(int[] shape) => Tensor.Filled(value, shape);
}

/// <summary>gain · the identity matrix; 2-D shapes only.</summary>
public sealed class Identity(float gain = 1f) : Initializer
{
    /// <inheritdoc/>
    public override string Name => "identity";
    /// <inheritdoc/>
    public override Tensor Create(int[] shape)
    {
        if (shape.Length != 2) throw new ArgumentException($"The identity initializer needs a 2-D shape, got {ShapeMath.Format(shape)}.", nameof(shape));
        var t = Tensor.Zeros(shape);
        for (int i = 0; i < Math.Min(shape[0], shape[1]); i++) t[i, i] = gain;
        return t;
    }
}

/// <summary>
/// A (semi-)orthogonal matrix scaled by gain, as Keras's Orthogonal: a normal matrix of shape
/// [prod(shape[:-1]), shape[-1]] (transposed if it has fewer rows than columns) is QR-factorised and Q's
/// columns are signed by R's diagonal so the result is uniformly distributed.
/// </summary>
public sealed class Orthogonal(float gain = 1f) : Initializer
{
    /// <inheritdoc/>
    public override string Name => "orthogonal";

    /// <inheritdoc/>
    public override Tensor Create(int[] shape)
    {
        if (shape.Length < 2) throw new ArgumentException($"The orthogonal initializer needs at least 2 dimensions, got {ShapeMath.Format(shape)}.", nameof(shape));
        int cols = shape[^1], rows = ShapeMath.SizeOf(shape) / cols;
        int m = Math.Max(rows, cols), n = Math.Min(rows, cols);
        var a = new double[m, n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) a[i, j] = RandomSource.NextStandardNormal();
        // Modified Gram–Schmidt: columns of a become Q; the sign of each R diagonal entry is its norm's sign (positive).
        for (int j = 0; j < n; j++)
        {
            for (int k = 0; k < j; k++)
            {
                double dot = 0;
                for (int i = 0; i < m; i++) dot += a[i, k] * a[i, j];
                for (int i = 0; i < m; i++) a[i, j] -= dot * a[i, k];
            }
            double norm = 0;
            for (int i = 0; i < m; i++) norm += a[i, j] * a[i, j];
            norm = Math.Sqrt(norm);
            for (int i = 0; i < m; i++) a[i, j] /= norm;
        }
        var t = Tensor.Zeros(shape);
        Span<float> v = t.Span;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                v[r * cols + c] = gain * (float)(rows >= cols ? a[r, c] : a[c, r]);
        return t;
    }
}
