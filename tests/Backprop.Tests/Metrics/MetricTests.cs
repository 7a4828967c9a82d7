using Backprop.Metrics;

namespace Backprop.Tests.Metrics;

/// <summary>Values from the docstrings in keras/src/metrics/, and Keras 3's resolution of "accuracy".</summary>
public class MetricTests
{
    private static float Compute(Metric m, float[,] yTrue, float[,] yPred)
    {
        m.UpdateState(Tensor.FromArray(yTrue), Tensor.FromArray(yPred));
        return m.Result();
    }

    [Fact]
    public void KerasDocstringValues()
    {
        Assert.Equal(0.5f, Compute(new CategoricalAccuracy(), new float[,] { { 0, 0, 1 }, { 0, 1, 0 } }, new float[,] { { 0.1f, 0.9f, 0.8f }, { 0.05f, 0.95f, 0 } }));
        Assert.Equal(0.75f, Compute(new BinaryAccuracy(), new float[,] { { 1 }, { 1 }, { 0 }, { 0 } }, new float[,] { { 0.98f }, { 1 }, { 0 }, { 0.6f } }));
        Assert.Equal(0.5f, Compute(new SparseCategoricalAccuracy(), new float[,] { { 2 }, { 1 } }, new float[,] { { 0.1f, 0.6f, 0.3f }, { 0.05f, 0.95f, 0 } }));
        Assert.Equal(0.25f, Compute(new MeanAbsoluteError(), new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } }));
        Assert.Equal(0.25f, Compute(new MeanSquaredError(), new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } }));
    }

    [Fact]
    public void StateAccumulatesAcrossBatchesAndResets()
    {
        var m = new CategoricalAccuracy();
        m.UpdateState(Tensor.FromArray(new float[,] { { 1, 0 } }), Tensor.FromArray(new float[,] { { 0.9f, 0.1f } }));
        m.UpdateState(Tensor.FromArray(new float[,] { { 1, 0 }, { 0, 1 }, { 0, 1 } }), Tensor.FromArray(new float[,] { { 0.2f, 0.8f }, { 0.3f, 0.7f }, { 0.6f, 0.4f } }));
        Assert.Equal(0.5f, m.Result());
        m.ResetState();
        Assert.Equal(0f, m.Result());
    }

    [Fact]
    public void AccuracyResolvesLikeKeras3()
    {
        Assert.IsType<BinaryAccuracy>(Metric.Resolve("accuracy", [4, 1], [4, 1]));
        Assert.IsType<SparseCategoricalAccuracy>(Metric.Resolve("accuracy", [4], [4, 10]));
        Assert.IsType<SparseCategoricalAccuracy>(Metric.Resolve("accuracy", [4, 1], [4, 10]));
        Assert.IsType<CategoricalAccuracy>(Metric.Resolve("accuracy", [4, 10], [4, 10]));
        Assert.Contains("Known metrics", Assert.Throws<ArgumentException>(() => Metric.Get("acuracy")).Message);
    }
}
