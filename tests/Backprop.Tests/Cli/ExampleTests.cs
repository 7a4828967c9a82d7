using System.Globalization;
using System.Text.RegularExpressions;

namespace Backprop.Tests.Cli;

/// <summary>Every example runs as a process and reaches its stated result. Bounds sit below what each reached
/// when written (in brackets) so that a real regression fails while a different CPU's rounding does not.</summary>
public class ExampleTests
{
    private static string Run(string example)
    {
        var (code, output, error) = CliProcess.Run(example + ".dll");
        Assert.True(code == 0, $"{example} failed: {error}");
        return output;
    }

    private static float Value(string output, string name) =>
        float.Parse(Regex.Match(output, $@"(?m)^{name}: ([0-9.]+)").Groups[1].Value, CultureInfo.InvariantCulture);

    [Fact]
    public void PerceptronShowsTheCorrectedTableAndConverges()
    {
        string output = Run("Perceptron");
        Assert.Contains("X1=1 X2=0 y=1 h=0.5 p=0.6225 ŷ=1", output);
        Assert.Contains("every row right after", output);
    }

    [Fact]
    public void MnistConvnetFollowsKerasIoAndLearnsTheSample()
    {
        var (code, output, error) = CliProcess.Run("MnistConvnet.dll", AppContext.BaseDirectory, "2");
        Assert.True(code == 0, $"MnistConvnet failed: {error}");
        Assert.Contains("x_train shape: (8000, 28, 28, 1)", output);
        Assert.Contains(" Total params: 34,826", output);
        Assert.True(Value(output, "Test accuracy") >= 0.90f, output);   // [0.9305 after 2 epochs]
    }

    [Fact]
    public void XorMlpLearnsXor() => Assert.Equal(1f, Value(Run("XorMlp"), "accuracy"));

    [Fact]
    public void CustomTrainingLoopLearnsTheSample() => Assert.True(Value(Run("CustomTrainingLoop"), "accuracy") >= 0.90f);   // [0.926]

    [Fact]
    public void ACustomLayerSavedInOneProcessLoadsInAnother()
    {
        string folder = Directory.CreateTempSubdirectory("bp-custom-layer-").FullName;
        try
        {
            string path = Path.Combine(folder, "linear.keras");
            var (saveCode, saved, saveError) = CliProcess.Run("CustomLayer.dll", folder, "save", path);
            Assert.True(saveCode == 0, saveError);
            Assert.True(Value(saved, "loss") < 0.1f, saved);   // [0.0441]
            var (loadCode, loaded, loadError) = CliProcess.Run("CustomLayer.dll", folder, "load", path);
            Assert.True(loadCode == 0, loadError);
            string Predictions(string output) => Regex.Match(output, "(?m)^predictions: (.+)$").Groups[1].Value;
            Assert.NotEmpty(Predictions(saved));
            Assert.Equal(Predictions(saved), Predictions(loaded));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void GradientAccumulationTrainsThroughFitWithCallbacks()
    {
        string output = Run("GradientAccumulation");
        Assert.Contains("optimizer steps: 312 for 5 epochs", output);   // 1,250 batches of 32 in 5 epochs, one step per 4
        Assert.True(Value(output, "test accuracy") >= 0.90f, output);   // [0.9280]
    }

    [Fact]
    public void BinaryClassificationOnBreastCancer() => Assert.True(Value(Run("BinaryClassification"), "accuracy") >= 0.93f);   // [0.951]

    [Fact]
    public void AugmentedBatchesTrainFromBytes() => Assert.True(Value(Run("AugmentedBatches"), "test accuracy") >= 0.92f);   // [0.9415]

    [Fact]
    public void MulticlassClassificationOnIris() => Assert.True(Value(Run("MulticlassClassification"), "accuracy") >= 0.9f);   // [0.933]

    [Fact]
    public void MultilabelClassificationOnDigits() => Assert.True(Value(Run("MultilabelClassification"), "binary_accuracy") >= 0.95f);   // [0.977]

    [Theory]
    [InlineData("Regression")]                 // [mae 47.2 against 67.5]
    [InlineData("RegressionToUnitInterval")]   // [mae 0.145 against 0.210]
    public void RegressionBeatsPredictingTheMeanByAFifth(string example)
    {
        string output = Run(example);
        Assert.True(Value(output, "mae") < 0.8f * Value(output, "baseline mae"), output);
    }
}
