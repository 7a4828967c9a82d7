using System.Globalization;
using System.Text.RegularExpressions;

namespace Backprop.Tests.Cli;

public class CliTests
{
    private static (int ExitCode, string Output, string Error) Backprop(params string[] args) => CliProcess.Run("Backprop.Cli.dll", args);

    private static float TestAccuracy(string output) =>
        float.Parse(Regex.Match(output, @"test accuracy: ([0-9.]+)").Groups[1].Value, CultureInfo.InvariantCulture);

    [Fact]
    public void TrainWithDefaultsRunsTheLecturesNetworkOnTheSample()
    {
        var (code, output, error) = Backprop("train");
        Assert.True(code == 0, error);
        Assert.Contains("dataset: mnist-sample: 8000 training and 2000 test samples", output);
        Assert.Contains(" Total params: 407,050 (1.55 MB)", output);
        Assert.Contains("Epoch 5/5", output);
        Assert.Matches(@"63/63 ━{20} \d+s \d+ms/step - accuracy: 0\.\d{4} - loss: 0\.\d{4}", output);
        // One run's final-epoch accuracy varies with the seed (0.924 to 0.9495 over seeds 1, 2, 3, 7, 42 when this was
        // written; PyTorch: 0.932 to 0.952 over three seeds). The median over seeds is checked in MnistSampleAccuracyTests.
        Assert.InRange(TestAccuracy(output), 0.90f, 1f);
    }

    [Fact]
    public void PerceptronPrintsTheLecturesTableWithTheCorrectedRow()
    {
        var (code, output, error) = Backprop("perceptron");
        Assert.True(code == 0, error);
        string[] lines = output.Split('\n');
        Assert.Equal("  0   0   0     -0.5  0.3775    0", lines[2]);
        Assert.Equal("  0   1   1     -1.5  0.1824    0", lines[3]);
        // The lecture's slide shows p = 0.38 and ŷ = 0 here; sigmoid(0.5) = 0.6225, so ŷ = 1.
        Assert.Equal("  1   0   1      0.5  0.6225    1", lines[4]);
        Assert.Equal("  1   1   1     -0.5  0.3775    0", lines[5]);
        Assert.Contains("every row is right after", output);
    }

    [Theory]
    [InlineData("train --epochs abc", "Cannot parse argument 'abc' for option '--epochs'")]
    [InlineData("train --optimizer foo", "Unknown optimizer 'foo'. Known optimizers: sgd, rmsprop, adagrad, adam, adamw, adamax, nadam, adadelta, lion, ftrl.")]
    [InlineData("train --layers 512:relu,x:softmax", "--layers: 'x:softmax' is not units:activation")]
    [InlineData("train --dataset /nonexistent", "unknown dataset '/nonexistent'")]
    [InlineData("perceptron --table xnor", "unknown truth table 'xnor'")]
    [InlineData("frobnicate", "Unrecognized command or argument 'frobnicate'")]
    [InlineData("train --epoch 2", "unknown option '--epoch' for 'train'; did you mean --epochs?")]
    [InlineData("train --learning-rate -0.1", "--learning-rate must be a positive number, got -0.1")]
    [InlineData("train --epochs 0", "--epochs must be at least 1, got 0")]
    [InlineData("train --output /nonexistent-folder/m.keras", "--output '/nonexistent-folder/m.keras': the folder '/nonexistent-folder' does not exist")]
    [InlineData("train --output m.h5", "--output must name a .keras file, got 'm.h5'")]
    [InlineData("train --plot /nonexistent-folder/curves.png", "--plot '/nonexistent-folder/curves.png': the folder")]
    [InlineData("train --metrics accuracy,nope", "Unknown metric 'nope'")]
    [InlineData("train --loss nope", "Unknown loss 'nope'")]
    public void BadArgumentsGiveOneLineAndAFailingExitCode(string args, string expected)
    {
        var (code, output, error) = Backprop(args.Split(' '));
        Assert.NotEqual(0, code);
        Assert.DoesNotContain("Epoch 1/", output);   // refused before any data is loaded or trained
        Assert.Contains(expected, error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("   at ", error);
    }

    [SkippableFact]
    public void CtrlCSaysInterruptedAndLeavesNoModel()
    {
        Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "sends SIGINT with kill(1)");
        string folder = Directory.CreateTempSubdirectory("bp-cli-int-").FullName;
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder };
            foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "Backprop.Cli.dll"), "train", "--epochs", "200" }) start.ArgumentList.Add(a);
            using var process = System.Diagnostics.Process.Start(start)!;
            Task<string> error = process.StandardError.ReadToEndAsync();
            string? line;
            while ((line = process.StandardOutput.ReadLine()) is not null && !line.StartsWith("Epoch 1/", StringComparison.Ordinal)) { }
            Assert.NotNull(line);
            using (var kill = System.Diagnostics.Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)])) kill.WaitForExit();
            _ = process.StandardOutput.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "the run did not end after SIGINT");
            Assert.NotEqual(0, process.ExitCode);
            Assert.Contains("Interrupted", error.Result);
            Assert.False(File.Exists(Path.Combine(folder, "backprop-model.keras")));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
