using Backprop.Losses;

namespace Backprop.Tests.Losses;

/// <summary>Loss semantics an audit against Keras 3 found different; expected values worked by hand from Keras's formulas.</summary>
public class KerasSemanticsLossTests
{
    private static float Value(Loss loss, Tensor yTrue, Tensor yPred) => loss.Call(yTrue, yPred).Item();

    [Fact]
    public void CosineSimilarityNormalisesWithRsqrtOfTheClampedSquaredNorm()
    {
        // keras/src/ops/nn.py _normalize: x · rsqrt(max(Σx², ε²)), ε = 1e-7. y_true [1e-8, 0]: Σx² = 1e-16 < 1e-14, so it
        // becomes [1e-8 · 1e7, 0] = [0.1, 0] and the loss is −0.1 (x / √(Σx² + 1e-12) gave −0.01).
        Assert.Equal(-0.1f, Value(new CosineSimilarity(), Tensor.FromArray(new float[,] { { 1e-8f, 0 } }), Tensor.FromArray(new float[,] { { 1, 0 } })), 5);
        // Ordinary vectors: −cos of the angle; [1, 0]·[1, 1]/√2 = 0.70710677.
        Assert.Equal(-0.70710677f, Value(new CosineSimilarity(), Tensor.FromArray(new float[,] { { 1, 0 } }), Tensor.FromArray(new float[,] { { 1, 1 } })), 6);
        // A zero prediction stays zero: loss 0, not NaN.
        Assert.Equal(0f, Value(new CosineSimilarity(), Tensor.FromArray(new float[,] { { 1, 0 } }), Tensor.Zeros(1, 2)));
    }

    [Fact]
    public void SparseCategoricalCrossentropyClipsThenNormalisesAsTheTensorFlowBackend()
    {
        // p = [0.5, 3], label 0: clipped to [0.5, 1 − 1e-7], then −log(0.5 / 1.5) = log 3 (normalising first gave −log(1/7)).
        float got = Value(new SparseCategoricalCrossentropy(), Tensor.FromArray([0f], 1), Tensor.FromArray(new float[,] { { 0.5f, 3f } }));
        Assert.Equal(Math.Log(1.5 - 1e-7) - Math.Log(0.5), got, 5);
        // Keras's docstring: y_true [1, 2], y_pred [[0.05, 0.95, 0], [0.1, 0.8, 0.1]] → 1.177.
        Assert.Equal(1.177f, Value(new SparseCategoricalCrossentropy(), Tensor.FromArray([1f, 2f], 2), Tensor.FromArray(new float[,] { { 0.05f, 0.95f, 0 }, { 0.1f, 0.8f, 0.1f } })), 3);
    }

    [Fact]
    public void CategoricalCrossentropyFromLogitsOnASequence()
    {
        // [N, T, classes] logits [2, 0] with target [1, 0]: log(1 + e⁻²) = 0.126928 (it treated the logits as probabilities).
        var y = Tensor.FromArray([1f, 0f, 0f, 1f], 1, 2, 2);
        var logits = Tensor.FromArray([2f, 0f, -1f, 3f], 1, 2, 2);
        double expected = (Math.Log(1 + Math.Exp(-2)) + Math.Log(1 + Math.Exp(-4))) / 2;
        Assert.Equal(expected, Value(new CategoricalCrossentropy(fromLogits: true), y, logits), 5);
    }

    [Fact]
    public void TargetsWithoutTheTrailingAxisOfOneFitThePredictions()
    {
        // Keras squeezes the trailing 1: MSE([1, 2], [[1], [3]]) = (0 + 1) / 2.
        Assert.Equal(0.5f, Value(new MeanSquaredError(), Tensor.FromArray([1f, 2f], 2), Tensor.FromArray(new float[,] { { 1 }, { 3 } })));
        Assert.Equal(0.5f, Value(new MeanSquaredError(), Tensor.FromArray(new float[,] { { 1 }, { 2 } }), Tensor.FromArray([1f, 3f], 2)));
        // Other mismatches are still refused, naming both shapes.
        var e = Assert.Throws<ArgumentException>(() => Value(new MeanSquaredError(), Tensor.FromArray([1f, 2f], 2), Tensor.Zeros(2, 2)));
        Assert.Contains("[2, 2]", e.Message);
    }

    [Fact]
    public void FitTakesOneDimensionalTargetsForAOneUnitOutput()
    {
        var model = new Sequential(new Backprop.Layers.Input(2), new Backprop.Layers.Dense(1, activation: "sigmoid"));
        model.Compile("sgd", "binary_crossentropy", metrics: ["accuracy"]);
        var history = model.Fit(Tensor.Ones(8, 2), Tensor.Ones(8), batchSize: 4, verbose: 0);
        Assert.True(float.IsFinite(history["loss"][0]));
    }
}
