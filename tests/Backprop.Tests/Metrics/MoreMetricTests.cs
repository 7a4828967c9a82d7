using Backprop.Metrics;

namespace Backprop.Tests.Metrics;

/// <summary>Docstring examples from keras/src/metrics/, and hand-computed cases.</summary>
public class MoreMetricTests
{
    private static float Compute(Metric m, float[,] yTrue, float[,] yPred)
    {
        m.UpdateState(Tensor.FromArray(yTrue), Tensor.FromArray(yPred));
        return m.Result();
    }

    [Fact]
    public void TopKAndRmseAndMape()
    {
        Assert.Equal(0.5f, Compute(new TopKCategoricalAccuracy(k: 1), new float[,] { { 0, 0, 1 }, { 0, 1, 0 } }, new float[,] { { 0.1f, 0.9f, 0.8f }, { 0.05f, 0.95f, 0 } }));
        Assert.Equal(1f, Compute(new TopKCategoricalAccuracy(k: 2), new float[,] { { 0, 0, 1 }, { 0, 1, 0 } }, new float[,] { { 0.1f, 0.9f, 0.8f }, { 0.05f, 0.95f, 0 } }));
        Assert.Equal(0.5f, Compute(new SparseTopKCategoricalAccuracy(k: 1), new float[,] { { 2 }, { 1 } }, new float[,] { { 0.1f, 0.9f, 0.8f }, { 0.05f, 0.95f, 0 } }));
        Assert.Equal(0.5f, Compute(new RootMeanSquaredError(), new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } }));
        // Sample 1: 100·mean(0.5/1, 0/2) = 25; sample 2: 0; mean over samples 12.5.
        Assert.Equal(12.5f, Compute(new MeanAbsolutePercentageError(), new float[,] { { 1, 2 }, { 4, 8 } }, new float[,] { { 1.5f, 2 }, { 4, 8 } }));
    }

    [Fact]
    public void PrecisionAndRecall()
    {
        float[,] yTrue = { { 0, 1, 1, 1 } }, yPred = { { 1, 0, 1, 1 } };
        Assert.Equal(2f / 3, Compute(new Precision(), yTrue, yPred), 6);
        Assert.Equal(2f / 3, Compute(new Recall(), yTrue, yPred), 6);
    }

    [Fact]
    public void AucMatchesKerasDocstringAndAFineGrid()
    {
        // Keras: AUC(num_thresholds=3) on [0, 0, 1, 1] vs [0, 0.5, 0.3, 0.9] → 0.75.
        Assert.Equal(0.75f, Compute(new AUC(numThresholds: 3), new float[,] { { 0, 0, 1, 1 } }, new float[,] { { 0, 0.5f, 0.3f, 0.9f } }), 6);
        // With many thresholds ROC AUC approaches the exact Mann–Whitney value: pairs ranked right / all pairs = 3/4.
        Assert.Equal(0.75f, Compute(new AUC(numThresholds: 1000), new float[,] { { 0, 0, 1, 1 } }, new float[,] { { 0.1f, 0.5f, 0.3f, 0.9f } }), 3);
        // A perfect ranking has ROC AUC 1 and PR AUC 1.
        Assert.Equal(1f, Compute(new AUC(), new float[,] { { 0, 0, 1, 1 } }, new float[,] { { 0.1f, 0.2f, 0.8f, 0.9f } }), 5);
        Assert.Equal(1f, Compute(new AUC(curve: "PR"), new float[,] { { 0, 0, 1, 1 } }, new float[,] { { 0.1f, 0.2f, 0.8f, 0.9f } }), 3);
    }

    [Fact]
    public void F1AndR2MatchKerasDocstrings()
    {
        float[,] yTrue = { { 1, 1, 1 }, { 1, 0, 0 }, { 1, 1, 0 } }, yPred = { { 0.2f, 0.6f, 0.7f }, { 0.2f, 0.6f, 0.6f }, { 0.6f, 0.8f, 0f } };
        var f1 = new F1Score(threshold: 0.5f);
        f1.UpdateState(Tensor.FromArray(yTrue), Tensor.FromArray(yPred));
        float[] perClass = f1.ResultPerClass();
        float[] expected = [0.5f, 0.8f, 0.6666667f];
        for (int j = 0; j < 3; j++) Assert.Equal(expected[j], perClass[j], 6);
        Assert.Equal(perClass.Average(), f1.Result(), 6);
        Assert.Equal(0.57142854f, Compute(new R2Score(), new float[,] { { 1 }, { 4 }, { 3 } }, new float[,] { { 2 }, { 4 }, { 4 } }), 5);
    }

    [Fact]
    public void NamesResolve()
    {
        foreach (string name in new[] { "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy", "rmse", "mape", "precision", "recall", "auc", "f1_score", "r2_score" })
            Assert.NotNull(Metric.Get(name));
    }
}
