namespace Backprop.Ops;

/// <summary>In-place updates of state that is not part of the graph (moving statistics, weight decay).</summary>
internal static class StateOps
{
    /// <summary>moving ← moving·momentum + value·(1 − momentum), element by element (Keras's moving mean and variance).</summary>
    public static void MoveAverage(Tensor moving, Tensor value, float momentum)
    {
        Span<float> m = moving.Span;
        ReadOnlySpan<float> v = value.Span;
        for (int j = 0; j < m.Length; j++) m[j] = m[j] * momentum + v[j] * (1 - momentum);
    }

    /// <summary>w ← w − w·factor (decoupled weight decay, factor = decay × learning rate).</summary>
    public static void Decay(Tensor weights, float factor)
    {
        Span<float> w = weights.Span;
        for (int k = 0; k < w.Length; k++) w[k] -= w[k] * factor;
    }
}
