using System.Globalization;
using Backprop.Callbacks;
using Backprop.Layers;
using Backprop.Optimizers;

namespace Backprop.Tests.Callbacks;

[Collection("Session")]
public class CallbackTests
{
    [Fact]
    public void ReduceLROnPlateauActsAfterPatienceEpochsWithoutImprovement()
    {
        Utils.SetRandomSeed(2);
        var x = Tensor.RandomUniform([32, 1], -1, 1);
        var model = new Sequential(new Input(1), new Dense(1, kernelInitializer: "zeros"));
        var optimizer = new SGD(0.1f);
        model.Compile(optimizer, "mse");
        var rates = new List<float>();
        // val_loss rises from the first epoch (targets −x while training pulls towards x): best at epoch 0.
        var reduce = new ReduceLROnPlateau(factor: 0.5f, patience: 2);
        model.Fit(x, x, batchSize: 8, epochs: 6, verbose: 0, validationData: (x, -x),
            callbacks: [reduce, new LambdaCallback(onEpochEnd: (_, _) => rates.Add(optimizer.LearningRate))]);
        // Epochs 1 and 2 without improvement → halved at the end of epoch 2; again after epochs 3 and 4.
        Assert.Equal(new[] { 0.1f, 0.1f, 0.05f, 0.05f, 0.025f, 0.025f }, rates);
        Assert.Throws<ArgumentException>(() => new ReduceLROnPlateau(factor: 1f));
    }

    [Fact]
    public void TerminateOnNaNStopsAtTheFirstNonFiniteBatch()
    {
        var model = new Sequential(new Input(1), new Dense(1, kernelInitializer: "ones"));
        model.Compile(new SGD(0.1f), "mse");
        var x = Tensor.Full(1e20f, 16, 1);   // predictions 1e20: squared error 1e40 overflows float32 to infinity
        var stop = new TerminateOnNaN();
        var batches = new List<int>();
        History history = model.Fit(x, Tensor.Zeros(16, 1), batchSize: 4, epochs: 3, verbose: 0, shuffle: false,
            callbacks: [stop, new LambdaCallback(onTrainBatchEnd: (b, _) => batches.Add(b))]);
        Assert.Equal(0, stop.StoppedAtBatch);
        Assert.Equal([0], batches);
        Assert.Single(history["loss"]);
    }

    [Fact]
    public void LearningRateSchedulerSetsTheRateBeforeEachEpoch()
    {
        var model = new Sequential(new Input(1), new Dense(1));
        var optimizer = new SGD(0.1f);
        model.Compile(optimizer, "mse");
        var seen = new List<float>();
        model.Fit(Tensor.Ones(4, 1), Tensor.Ones(4, 1), batchSize: 4, epochs: 3, verbose: 0,
            callbacks: [new LearningRateScheduler((epoch, lr) => epoch == 0 ? 0.2f : lr / 2), new LambdaCallback(onTrainBatchBegin: (_, _) => seen.Add(optimizer.LearningRate))]);
        Assert.Equal(new[] { 0.2f, 0.1f, 0.05f }, seen);
    }

    [Fact]
    public void CsvLoggerWritesOneRowPerEpochWithSortedKeys()
    {
        string path = Path.Combine(Path.GetTempPath(), $"backprop-{Guid.NewGuid():N}.csv");
        try
        {
            var model = new Sequential(new Input(1), new Dense(1));
            model.Compile("sgd", "mse", ["mae"]);
            History history = model.Fit(Tensor.Ones(4, 1), Tensor.Ones(4, 1), batchSize: 2, epochs: 2, verbose: 0, callbacks: [new CsvLogger(path)]);
            // Keras: sorted keys, val_ columns added when the first epoch has none (NA here: no validation), CR LF lines,
            // values as Python writes a float32 widened to double.
            string text = File.ReadAllText(path);
            string[] lines = text.Split("\r\n");
            Assert.Equal("epoch,loss,mae,val_loss,val_mae", lines[0]);
            Assert.Equal(4, lines.Length);
            Assert.Equal("", lines[3]);
            string[] second = lines[2].Split(',');
            Assert.Equal("1", second[0]);
            Assert.Equal(((double)history["loss"][1]).ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e'), second[1]);
            Assert.Equal(history["mae"][1], float.Parse(second[2], CultureInfo.InvariantCulture));
            Assert.Equal(["NA", "NA"], second[3..]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void CsvLoggerKeepsColumnsForValidationThatRunsEveryOtherEpoch()
    {
        string path = Path.Combine(Path.GetTempPath(), $"backprop-{Guid.NewGuid():N}.csv");
        try
        {
            var model = new Sequential(new Input(1), new Dense(1));
            model.Compile("sgd", "mse");
            var x = Tensor.Ones(4, 1);
            History history = model.Fit(x, x, epochs: 2, verbose: 0, validationData: (x, x), validationFreq: 2, callbacks: [new CsvLogger(path)]);
            string[] lines = File.ReadAllText(path).Split("\r\n");
            Assert.Equal("epoch,loss,val_loss", lines[0]);
            Assert.EndsWith(",NA", lines[1]);
            Assert.Equal(history["val_loss"][0], float.Parse(lines[2].Split(',')[2], CultureInfo.InvariantCulture));
        }
        finally { File.Delete(path); }
    }
}
