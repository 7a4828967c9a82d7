using Backprop.Layers;
using Backprop.Tests.Ops;

namespace Backprop.Tests.Layers;

public class NormalizationLayerTests
{
    private static double[] NormalizeRows(double[] x, int rows, int cols, double eps)
    {
        var y = new double[x.Length];
        for (int r = 0; r < rows; r++)
        {
            double mean = Enumerable.Range(0, cols).Average(c => x[r * cols + c]);
            double variance = Enumerable.Range(0, cols).Average(c => Math.Pow(x[r * cols + c] - mean, 2));
            for (int c = 0; c < cols; c++) y[r * cols + c] = (x[r * cols + c] - mean) / Math.Sqrt(variance + eps);
        }
        return y;
    }

    private static double[] NormalizeColumns(double[] x, int rows, int cols, double eps)
    {
        var y = new double[x.Length];
        for (int c = 0; c < cols; c++)
        {
            double mean = Enumerable.Range(0, rows).Average(r => x[r * cols + c]);
            double variance = Enumerable.Range(0, rows).Average(r => Math.Pow(x[r * cols + c] - mean, 2));
            for (int r = 0; r < rows; r++) y[r * cols + c] = (x[r * cols + c] - mean) / Math.Sqrt(variance + eps);
        }
        return y;
    }

    [Fact]
    public void LayerNormalizationValuesAndGradients()
    {
        var layer = new LayerNormalization();
        GradientCheck.Check(t => layer.Call(t[0]), x => NormalizeRows(x[0], 3, 4, 1e-3), [[3, 4]]);
        Assert.Equal(2, layer.Weights.Count);   // gamma, beta
    }

    [Fact]
    public void BatchNormalizationTrainingOutputAndGradients()
    {
        var layer = new BatchNormalization();
        GradientCheck.Check(t => layer.Call(t[0], training: true), x => NormalizeColumns(x[0], 5, 3, 1e-3), [[5, 3]]);
        Assert.Equal(["gamma", "beta", "moving_mean", "moving_variance"], layer.WeightNames);
        Assert.Equal(2, layer.TrainableWeights.Count);
    }

    [Fact]
    public void BatchNormalizationMovingStatisticsAndInference()
    {
        var layer = new BatchNormalization(momentum: 0.9f);
        var x = Tensor.FromArray(new float[] { 1, 10, 3, 20, 5, 30 }, 3, 2);   // column means 3, 20; biased variances 8/3, 200/3
        for (int step = 0; step < 3; step++) layer.Call(x, training: true);
        // After k steps from (0, 1): moving = batch·(1 − 0.9ᵏ) + initial·0.9ᵏ.
        double keep = Math.Pow(0.9, 3);
        Assert.Equal(3 * (1 - keep), layer.MovingMean[0], 4);
        Assert.Equal(20 * (1 - keep), layer.MovingMean[1], 4);
        Assert.Equal(8.0 / 3 * (1 - keep) + keep, layer.MovingVariance[0], 4);
        Assert.Equal(200.0 / 3 * (1 - keep) + keep, layer.MovingVariance[1], 4);
        // Inference uses the moving statistics, and does not change them.
        float[] inferred = layer.Call(x, training: false).ToArray();
        Assert.Equal((1 - layer.MovingMean[0]) / Math.Sqrt(layer.MovingVariance[0] + 1e-3), inferred[0], 4);
        Assert.Equal(3 * (1 - keep), layer.MovingMean[0], 4);
        Assert.Throws<ArgumentException>(() => new BatchNormalization(momentum: 1.5f));
    }

    [Fact]
    public void AFrozenBatchNormalizationRunsInInferenceModeEvenWhenTraining()
    {
        // Keras: `if training and self.trainable` — a frozen layer uses (and keeps) its moving statistics.
        var layer = new BatchNormalization(momentum: 0.9f);
        var x = Tensor.FromArray(new float[] { 1, 10, 3, 20, 5, 30 }, 3, 2);
        layer.Call(x, training: true);
        float[] mean = layer.MovingMean.ToArray(), variance = layer.MovingVariance.ToArray();
        layer.Trainable = false;
        float[] frozen = layer.Call(x, training: true).ToArray();
        Assert.Equal(mean, layer.MovingMean.ToArray());
        Assert.Equal(variance, layer.MovingVariance.ToArray());
        Assert.Equal(layer.Call(x, training: false).ToArray(), frozen);
        Assert.Equal((1 - mean[0]) / Math.Sqrt(variance[0] + 1e-3), frozen[0], 5);
    }
}
