namespace Backprop.Metrics;

/// <summary>Counting every element (all labels of all samples) against a threshold, as Keras's confusion-matrix metrics do.</summary>
internal static class ThresholdCounting
{
    public static void Update(ref ConfusionCounts counts, Tensor yTrue, Tensor yPred, Tensor? sampleWeight, float threshold)
    {
        if (yTrue.Size != yPred.Size)
            throw new ArgumentException($"y_true and y_pred must have the same number of elements, got {ShapeMath.Format(yTrue.ShapeRef)} and {ShapeMath.Format(yPred.ShapeRef)}.");
        ReadOnlySpan<float> p = yPred.Span, y = yTrue.Span;
        int perSample = yPred.Size / Math.Max(1, yPred.Dim(0));
        for (int i = 0; i < p.Length; i++)
        {
            double w = sampleWeight is null ? 1 : sampleWeight.Data[sampleWeight.Offset + i / perSample];
            counts.Add(y[i] > 0.5f, p[i] > threshold, w);
        }
    }
}
