namespace Backprop.Metrics;

/// <summary>True/false positive/negative counts at one threshold (a prediction is positive when it is above it, a label
/// when it is non-zero: Keras casts y_true to bool, metrics_utils.py update_confusion_matrix_variables).</summary>
internal struct ConfusionCounts
{
    public double TruePositives, FalsePositives, TrueNegatives, FalseNegatives;

    public void Add(bool actual, bool predicted, double weight)
    {
        if (actual && predicted) TruePositives += weight;
        else if (!actual && predicted) FalsePositives += weight;
        else if (actual) FalseNegatives += weight;
        else TrueNegatives += weight;
    }
}
