namespace Backprop.Initializers;

/// <summary>
/// A (semi-)orthogonal matrix scaled by gain, as Keras's Orthogonal: a normal matrix of shape
/// [prod(shape[:-1]), shape[-1]] (transposed if it has fewer rows than columns) is QR-factorised and Q's
/// columns are signed by R's diagonal so the result is uniformly distributed.
/// </summary>
public sealed class Orthogonal(float gain = 1f) : Initializer
{
    /// <summary>Factor on the orthogonal matrix.</summary>
    public float Gain => gain;

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
        var v = new float[ShapeMath.CheckedSize(shape)];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                v[r * cols + c] = gain * (float)(rows >= cols ? a[r, c] : a[c, r]);
        return Tensor.FromArray(v, shape);
    }

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["gain"] = Gain,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Orthogonal FromConfig(Serialization.KerasConfig config) => new(
        gain: config.Float("gain", 1f));
}
