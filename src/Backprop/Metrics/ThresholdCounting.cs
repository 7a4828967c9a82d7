namespace Backprop.Metrics;

/// <summary>
/// Counting every element (all labels of all samples) against a threshold, as Keras's confusion-matrix metrics do
/// (keras/src/metrics/metrics_utils.py, update_confusion_matrix_variables): a label is positive when it is non-zero
/// (cast to bool), a prediction when it is strictly above the threshold; sample weights apply to every label of
/// their sample.
/// </summary>
internal static class ThresholdCounting
{
    public static void Update(ref ConfusionCounts counts, Tensor yTrue, Tensor yPred, Tensor? sampleWeight, float threshold, string metric)
    {
        int perSample = CheckShapes(yTrue, yPred, sampleWeight, metric);
        using Tensor.PooledValues predicted = yPred.CopyToPool(), labels = yTrue.CopyToPool();
        ReadOnlySpan<float> p = predicted.Span, y = labels.Span;
        for (int i = 0; i < p.Length; i++)
        {
            double w = sampleWeight is null ? 1 : sampleWeight.At(i / perSample);
            counts.Add(y[i] != 0f, p[i] > threshold, w);
        }
    }

    /// <summary>Checks that labels, predictions and weights agree; returns the labels per sample.</summary>
    public static int CheckShapes(Tensor yTrue, Tensor yPred, Tensor? sampleWeight, string metric)
    {
        if (yTrue.Size != yPred.Size)
            throw new ArgumentException($"y_true and y_pred must have the same number of elements, got {ShapeMath.Format(yTrue.ShapeRef)} and {ShapeMath.Format(yPred.ShapeRef)}.");
        int samples = yPred.Rank == 0 ? 1 : yPred.Dim(0);
        Metric.CheckOneWeightPerSample(metric, sampleWeight, samples);
        return samples == 0 ? 1 : yPred.Size / samples;
    }
}
