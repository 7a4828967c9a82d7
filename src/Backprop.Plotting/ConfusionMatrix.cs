namespace Backprop.Plotting;

/// <summary>Counts of (true class, predicted class) pairs: row = truth, column = prediction, as scikit-learn and Keras print it.</summary>
public sealed class ConfusionMatrix
{
    /// <summary>Counts the pairs; labels must lie in 0..classes−1.</summary>
    /// <exception cref="ArgumentException">The lists differ in length or hold a label out of range.</exception>
    public ConfusionMatrix(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, int classes)
    {
        if (truth.Count != predicted.Count) throw new ArgumentException($"Got {truth.Count} true labels and {predicted.Count} predictions.");
        if (classes <= 0) throw new ArgumentException($"classes must be positive, got {classes}.", nameof(classes));
        Counts = new int[classes, classes];
        for (int i = 0; i < truth.Count; i++)
        {
            if ((uint)truth[i] >= classes || (uint)predicted[i] >= classes)
                throw new ArgumentException($"Sample {i} has true label {truth[i]} and prediction {predicted[i]}; labels must be in 0..{classes - 1}.");
            Counts[truth[i], predicted[i]]++;
        }
    }

    /// <summary>From model outputs [N, classes] (argmax) and true class indices [N].</summary>
    public static ConfusionMatrix FromPredictions(Tensor probabilities, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        int classes = probabilities.Dim(-1);
        int[] predicted = probabilities.ArgMax(-1).ToArray().Select(v => (int)v).ToArray();
        int[] truth = labels.ToArray().Select(v => (int)v).ToArray();
        return new ConfusionMatrix(truth, predicted, classes);
    }

    /// <summary>Counts[truth, prediction].</summary>
    public int[,] Counts { get; }

    /// <summary>Number of classes.</summary>
    public int Classes => Counts.GetLength(0);

    /// <summary>Fraction of samples on the diagonal.</summary>
    public double Accuracy
    {
        get
        {
            long total = 0, right = 0;
            for (int t = 0; t < Classes; t++)
                for (int p = 0; p < Classes; p++)
                {
                    total += Counts[t, p];
                    if (t == p) right += Counts[t, p];
                }
            return total == 0 ? 0 : (double)right / total;
        }
    }
}
