using Backprop.Callbacks;
using Backprop.Layers;

namespace Backprop.Tests.Models;

/// <summary>Keras 3's progress lines (keras/src/utils/progbar.py) with a fake clock that advances 4 ms per reading.</summary>
[Collection("Session")]
public class ProgressOutputTests
{
    private static (Sequential Model, Tensor X, Tensor Y) Problem()
    {
        Utils.SetRandomSeed(3);
        var model = new Sequential(new Input(2), new Dense(1));
        model.Compile("sgd", "mse");
        var x = Tensor.FromArray(new float[] { 0, 1, 1, 0, 1, 1, 0, 0, 2, 1, 1, 2 }, 6, 2);
        var y = Tensor.FromArray(new float[] { 1, 1, 2, 0, 3, 3 }, 6, 1);
        return (model, x, y);
    }

    private static Func<double> FakeClock()
    {
        int calls = 0;
        return () => calls++ * 0.004;
    }

    [Fact]
    public void Verbose1RedirectedPrintsEachEpochsFinalLine()
    {
        var (model, x, y) = Problem();
        var output = new StringWriter();
        History history = model.Fit(x, y, batchSize: 2, epochs: 2, verbose: 1, callbacks: [new ProgbarLogger(output, dynamicDisplay: false, clock: FakeClock())]);
        // Per epoch: the bar starts at reading k, three batch readings, a final reading; time/step ignores the first step:
        // (final − after first step) / 2 = 8 ms / 2 = 4 ms… with 4 ms per reading: (16 − 4) / 2 = 6 ms.
        string Line(int epoch) => $"Epoch {epoch + 1}/2\n3/3 ━━━━━━━━━━━━━━━━━━━━ 0s 6ms/step - loss: {history["loss"][epoch]:F4}\n";
        Assert.Equal(Line(0) + Line(1), output.ToString().Replace("\r\n", "\n"));
    }

    [Fact]
    public void Verbose2PrintsOneLinePerEpoch()
    {
        var (model, x, y) = Problem();
        var output = new StringWriter();
        History history = model.Fit(x, y, batchSize: 2, epochs: 2, verbose: 2, callbacks: [new ProgbarLogger(output, dynamicDisplay: false, clock: FakeClock())]);
        // No batch readings in verbose 2: (4 ms − 0) / 3 steps = 1.33 ms → "1ms/step".
        string Line(int epoch) => $"Epoch {epoch + 1}/2\n3/3 - 0s - 1ms/step - loss: {history["loss"][epoch]:F4}\n";
        Assert.Equal(Line(0) + Line(1), output.ToString().Replace("\r\n", "\n"));
    }

    [Fact]
    public void Verbose1OnATerminalRedrawsInPlaceWithColours()
    {
        var (model, x, y) = Problem();
        var output = new StringWriter();
        model.Fit(x, y, batchSize: 2, epochs: 1, verbose: 1, callbacks: [new ProgbarLogger(output, dynamicDisplay: true, clock: FakeClock())]);
        string text = output.ToString();
        Assert.StartsWith("\r\x1b[1m1/3\x1b[0m \x1b[32m━━━━━━\x1b[0m\x1b[37m━━━━━━━━━━━━━━\x1b[0m", text);
        Assert.Contains("\r\x1b[1m3/3\x1b[0m \x1b[32m━━━━━━━━━━━━━━━━━━━━\x1b[0m\x1b[37m\x1b[0m \x1b[1m0s\x1b[0m 6ms/step - loss: ", text);
        Assert.EndsWith("\n", text);
    }

    [Fact]
    public void ValidationMetricsFollowTrainingOnes()
    {
        var (model, x, y) = Problem();
        model.Compile("sgd", "mse", ["mae"]);
        var output = new StringWriter();
        model.Fit(x, y, batchSize: 2, epochs: 1, verbose: 2, validationData: (x, y), callbacks: [new ProgbarLogger(output, dynamicDisplay: false, clock: FakeClock())]);
        // Keras sorts the logs (pythonify_logs): loss before mae whatever the compile order.
        Assert.Matches(@"^3/3 - 0s - 1ms/step - loss: \d\.\d{4} - mae: \d\.\d{4} - val_loss: \d\.\d{4} - val_mae: \d\.\d{4}\n$", output.ToString());
    }

    [Fact]
    public void MidEpochLinesShowTheLogsAsTheyAre()
    {
        // Keras ≥ 3.15 (progbar.py: every log is a stateful metric) prints the running means Fit gives; it used to
        // average them again over steps, which showed (4 + 2)/2 = 3 here instead of 2.
        var output = new StringWriter();
        double now = 0;
        var bar = new Backprop.Callbacks.ProgressBar(4, 1, output, dynamicDisplay: true, () => now += 1);
        bar.Update(1, new Dictionary<string, float> { ["loss"] = 4f }, finalize: false);
        bar.Update(2, new Dictionary<string, float> { ["loss"] = 2f }, finalize: false);
        string[] lines = output.ToString().Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("loss: 4.0000", lines[0]);
        Assert.Contains("loss: 2.0000", lines[1]);
    }
}
