using Backprop.Losses;

namespace Backprop.Tests.Losses;

/// <summary>Values from the docstrings of keras/src/losses/losses.py, and hand-computed edge cases.</summary>
public class LossTests
{
    private static Tensor T(float[,] v) => Tensor.FromArray(v);

    [Fact]
    public void KerasDocstringValues()
    {
        Assert.Equal(0.5f, new MeanSquaredError().Call(T(new float[,] { { 0, 1 }, { 0, 0 } }), T(new float[,] { { 1, 1 }, { 1, 0 } })).Item(), 5);
        Assert.Equal(0.5f, new MeanAbsoluteError().Call(T(new float[,] { { 0, 1 }, { 0, 0 } }), T(new float[,] { { 1, 1 }, { 1, 0 } })).Item(), 5);
        Assert.Equal(0.815f, new BinaryCrossentropy().Call(T(new float[,] { { 0, 1 }, { 0, 0 } }), T(new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } })).Item(), 3);
        Assert.Equal(0.865f, new BinaryCrossentropy(fromLogits: true).Call(
            Tensor.FromArray(new float[] { 0, 1, 0, 0 }, 1, 4), Tensor.FromArray(new float[] { -18.6f, 0.51f, 2.94f, -12.8f }, 1, 4)).Item(), 3);
        var probs = T(new float[,] { { 0.05f, 0.95f, 0 }, { 0.1f, 0.8f, 0.1f } });
        Assert.Equal(1.177f, new CategoricalCrossentropy().Call(T(new float[,] { { 0, 1, 0 }, { 0, 0, 1 } }), probs).Item(), 3);
        Assert.Equal(1.177f, new SparseCategoricalCrossentropy().Call(Tensor.FromArray(new float[] { 1, 2 }, 2), probs).Item(), 3);
    }

    [Fact]
    public void SaturatedProbabilitiesStayFinite()
    {
        // p = 0 for the true class is clipped to 1e-7: loss −log(1e-7) = 16.118, not infinity.
        var yTrue = T(new float[,] { { 1, 0 } });
        var saturated = T(new float[,] { { 0, 1 } });
        Assert.Equal(-Math.Log(1e-7), new CategoricalCrossentropy().Call(yTrue, saturated).Item(), 3);
        float bce = new BinaryCrossentropy().Call(yTrue, saturated).Item();
        // In float32, 1 − (1 − 1e-7) is 1.19e-7, not 1e-7 (Keras computes in float32 too): the second term is −log(1.19e-7).
        double expected = (-Math.Log(1e-7f) - Math.Log(1 - (double)(1 - 1e-7f))) / 2;
        Assert.Equal(expected, bce, 3);
        var p = T(new float[,] { { 0, 1 } });
        p.RequiresGrad = true;
        new BinaryCrossentropy().Call(yTrue, p).Backward();
        Assert.All(p.Grad!.ToArray(), g => Assert.True(float.IsFinite(g)));
    }

    [Fact]
    public void SoftmaxOutputUsesTheLogitsAndMatchesTheProbabilityForm()
    {
        var logits = T(new float[,] { { 2, -1, 0.5f }, { 0, 3, -2 } });
        var yTrue = T(new float[,] { { 1, 0, 0 }, { 0, 0, 1 } });
        float fused = new CategoricalCrossentropy().Call(yTrue, Backprop.Activations.Activations.Softmax.Apply(logits)).Item();
        float plain = new CategoricalCrossentropy().Call(yTrue, logits.Softmax()).Item();
        float fromLogits = new CategoricalCrossentropy(fromLogits: true).Call(yTrue, logits).Item();
        Assert.Equal(plain, fused, 5);
        Assert.Equal(fromLogits, fused, 6);
    }

    [Fact]
    public void SampleWeightsDivideByBatchSize()
    {
        // Keras's sum_over_batch_size: (1·0.5 + 3·0) / 2, not / (1 + 3).
        var loss = new MeanSquaredError().Call(T(new float[,] { { 0, 1 }, { 0, 0 } }), T(new float[,] { { 1, 1 }, { 0, 0 } }), Tensor.FromArray(new float[] { 1, 3 }, 2));
        Assert.Equal(0.25f, loss.Item(), 6);
    }

    [Fact]
    public void MismatchedTargetsGiveHelpfulErrors()
    {
        var probs = T(new float[,] { { 0.5f, 0.5f }, { 0.1f, 0.9f } });
        var e = Assert.Throws<ArgumentException>(() => new CategoricalCrossentropy().Call(Tensor.FromArray(new float[] { 0, 1 }, 2), probs));
        Assert.Contains("sparse_categorical_crossentropy", e.Message);
        Assert.Contains("Utils.ToCategorical", e.Message);
        Assert.Contains("[2] and y_pred [2, 3]", Assert.Throws<ArgumentException>(() => new MeanSquaredError().Call(Tensor.Zeros(2), Tensor.Zeros(2, 3))).Message);
        Assert.Contains("label 5", Assert.Throws<ArgumentException>(() => new SparseCategoricalCrossentropy().Call(Tensor.FromArray(new float[] { 0, 5 }, 2), probs)).Message);
        Assert.Contains("Known losses", Assert.Throws<ArgumentException>(() => Loss.Get("crossentropy")).Message);
    }
}
