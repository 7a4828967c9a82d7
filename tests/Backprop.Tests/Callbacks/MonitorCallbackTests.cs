using Backprop.Callbacks;
using Backprop.Layers;
using Backprop.Metrics;

namespace Backprop.Tests.Callbacks;

/// <summary>
/// EarlyStopping, ReduceLROnPlateau and ModelCheckpoint driven epoch by epoch with chosen logs, against the behaviour
/// of Keras 3's callbacks (keras/src/callbacks/*.py) traced by hand.
/// </summary>
public class MonitorCallbackTests
{
    private static Sequential Model(params MetricArgument[] metrics)
    {
        var model = new Sequential(new Input(1), new Dense(1));
        model.Compile(new Backprop.Optimizers.SGD(1f), "mse", metrics);
        return model;
    }

    private static readonly Dictionary<string, float> None = [];

    private static Dictionary<string, float> Logs(string key, float value) => new() { [key] = value, ["loss"] = 1f };

    private static void SetKernel(Model model, float value) => model.SetWeights([Tensor.Full(value, 1, 1), Tensor.Zeros(1)]);

    [Fact]
    public void RestoreBestWeightsRestoresAtTheEndEvenWithoutStopping()
    {
        var model = Model();
        var cb = new EarlyStopping(monitor: "val_loss", patience: 5, restoreBestWeights: true) { Model = model };
        cb.OnTrainBegin(None);
        float[] losses = [0.5f, 0.2f, 0.4f];
        for (int epoch = 0; epoch < 3; epoch++)
        {
            SetKernel(model, epoch + 10);
            cb.OnEpochEnd(epoch, Logs("val_loss", losses[epoch]));
        }
        Assert.False(model.StopTraining);
        cb.OnTrainEnd(None);
        Assert.Equal(11f, model.GetWeights()[0].ToArray()[0]);   // epoch 1's weights, the best
        Assert.Equal(1, cb.BestEpoch);
    }

    [Fact]
    public void AutoModeMaximisesMetricsWhoseDirectionIsUp()
    {
        foreach (var (metric, key) in new (Metric, string)[] { (new Precision(), "val_precision"), (new Recall(), "recall"), (new AUC(), "val_auc"), (new F1Score(), "val_f1_score"), (new R2Score(), "r2_score") })
        {
            var model = Model(metric);
            var cb = new EarlyStopping(monitor: key, patience: 1) { Model = model };
            cb.OnTrainBegin(None);
            cb.OnEpochEnd(0, Logs(key, 0.5f));
            cb.OnEpochEnd(1, Logs(key, 0.6f));   // higher: an improvement in max mode, so no stop
            Assert.Equal("max", cb.Mode);
            Assert.False(model.StopTraining, key);
            var lr = new ReduceLROnPlateau(monitor: key, patience: 1) { Model = model };
            lr.OnTrainBegin(None);
            lr.OnEpochEnd(0, Logs(key, 0.5f));
            lr.OnEpochEnd(1, Logs(key, 0.6f));
            Assert.Equal(1f, model.Optimizer!.LearningRate);
        }
    }

    [Fact]
    public void AutoModeMinimisesTheLossAndErrorsAndRefusesAnUnknownDirection()
    {
        var model = Model("mae");
        var cb = new EarlyStopping(monitor: "val_mae") { Model = model };
        cb.OnTrainBegin(None);
        cb.OnEpochEnd(0, Logs("val_mae", 1f));
        Assert.Equal("min", cb.Mode);
        var unknown = new EarlyStopping(monitor: "val_custom") { Model = model };
        unknown.OnTrainBegin(None);
        var e = Assert.Throws<InvalidOperationException>(() => unknown.OnEpochEnd(0, Logs("val_custom", 1f)));
        Assert.Contains("mode: \"max\"", e.Message);
    }

    [Fact]
    public void AMissingMonitoredKeyWarnsAndTrainingGoesOn()
    {
        var model = Model();
        var output = new StringWriter();
        var cb = new EarlyStopping(monitor: "val_loss", output: output) { Model = model };
        cb.OnTrainBegin(None);
        cb.OnEpochEnd(0, new Dictionary<string, float> { ["loss"] = 1f });
        cb.OnEpochEnd(1, new Dictionary<string, float> { ["loss"] = 1f });
        Assert.False(model.StopTraining);
        Assert.Contains("Early stopping conditioned on metric `val_loss` which is not available. Available metrics are: loss", output.ToString());
        var fit = Model().Fit(Tensor.Ones(4, 1), Tensor.Ones(4, 1), epochs: 2, verbose: 0, callbacks: [new ReduceLROnPlateau(output: TextWriter.Null), new ModelCheckpoint(Path.Combine(Path.GetTempPath(), $"m{Guid.NewGuid():N}.keras"), saveBestOnly: true, output: TextWriter.Null)]);
        Assert.Equal(2, fit.Epoch.Count);
    }

    [Fact]
    public void ReduceLROnPlateausCooldownEndsOnTime()
    {
        // Keras: patience 1, cooldown 1, a flat loss. Epoch 0 sets the best; epoch 1 reduces (cooldown 1); epoch 2 leaves
        // the cooldown (counter 1 → 0), and in_cooldown() is asked again, so it counts and reduces; epoch 3 likewise.
        var model = Model();
        var cb = new ReduceLROnPlateau(monitor: "loss", factor: 0.5f, patience: 1, cooldown: 1) { Model = model };
        cb.OnTrainBegin(None);
        for (int epoch = 0; epoch < 4; epoch++) cb.OnEpochEnd(epoch, Logs("val_loss", 1f));
        Assert.Equal(0.125f, model.Optimizer!.LearningRate);   // three reductions; the one-epoch-longer cooldown gave two
    }

    [Fact]
    public void ReduceLROnPlateauAddsTheLearningRateToTheLogsAndPrintsKerasMessage()
    {
        var model = Model();
        var output = new StringWriter();
        var cb = new ReduceLROnPlateau(monitor: "loss", factor: 0.5f, patience: 1, verbose: 1, output: output) { Model = model };
        cb.OnTrainBegin(None);
        var first = Logs("x", 0f);
        cb.OnEpochEnd(0, first);
        Assert.Equal(1f, first["learning_rate"]);
        cb.OnEpochEnd(1, Logs("x", 0f));
        Assert.Equal("\nEpoch 2: ReduceLROnPlateau reducing learning rate to 0.5.\n", output.ToString().ReplaceLineEndings("\n"));
        var history = Model().Fit(Tensor.Ones(4, 1), Tensor.Ones(4, 1), epochs: 2, verbose: 0, callbacks: [new ReduceLROnPlateau(monitor: "loss")]);
        Assert.Equal([1f, 1f], history["learning_rate"]);
    }

    [Fact]
    public void EarlyStoppingBaselineStartFromEpochAndVerbose()
    {
        // A flat 0.9 never beats the baseline 0.5: the wait is not reset at epoch 0, so patience 2 stops at epoch 1
        // (without a baseline: at epoch 2).
        var model = Model();
        var output = new StringWriter();
        var cb = new EarlyStopping(monitor: "val_loss", patience: 2, baseline: 0.5f, verbose: 1, output: output) { Model = model };
        cb.OnTrainBegin(None);
        for (int epoch = 0; epoch < 3 && !model.StopTraining; epoch++) cb.OnEpochEnd(epoch, Logs("val_loss", 0.9f));
        Assert.Equal(1, cb.StoppedEpoch);
        cb.OnTrainEnd(None);
        Assert.Equal("Epoch 2: early stopping\n", output.ToString().ReplaceLineEndings("\n"));

        model.StopTraining = false;
        var plain = new EarlyStopping(monitor: "val_loss", patience: 2) { Model = model };
        plain.OnTrainBegin(None);
        for (int epoch = 0; epoch < 3 && !model.StopTraining; epoch++) plain.OnEpochEnd(epoch, Logs("val_loss", 0.9f));
        Assert.Equal(2, plain.StoppedEpoch);

        // Epochs before startFromEpoch are not watched: rising values there do not count.
        model.StopTraining = false;
        var warm = new EarlyStopping(monitor: "val_loss", patience: 0, startFromEpoch: 2) { Model = model };
        warm.OnTrainBegin(None);
        float[] losses = [1f, 2f, 3f, 2.5f];
        for (int epoch = 0; epoch < 4 && !model.StopTraining; epoch++) warm.OnEpochEnd(epoch, Logs("val_loss", losses[epoch]));
        Assert.False(model.StopTraining);
    }

    [Fact]
    public void ModelCheckpointKeepsItsBestAcrossFitCalls()
    {
        string folder = Directory.CreateTempSubdirectory("ckpt-").FullName;
        try
        {
            var model = Model();
            string path = Path.Combine(folder, "best.keras");
            var cb = new ModelCheckpoint(path, monitor: "val_loss", saveBestOnly: true) { Model = model };
            cb.OnTrainBegin(None);
            cb.OnEpochEnd(0, Logs("val_loss", 0.2f));
            File.Delete(path);
            cb.OnTrainBegin(None);                       // a second Fit
            cb.OnEpochEnd(0, Logs("val_loss", 0.3f));   // worse than 0.2: not saved
            Assert.False(File.Exists(path));
            Assert.Equal(0.2f, cb.Best);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void LearningRateSchedulerAllowsZeroLogsTheRateAndPrintsKerasLine()
    {
        var output = new StringWriter();
        var history = Model().Fit(Tensor.Ones(4, 1), Tensor.Ones(4, 1), epochs: 3, verbose: 0,
            callbacks: [new LearningRateScheduler((epoch, lr) => epoch == 0 ? 0f : 0.5f, verbose: 1, output: output)]);
        Assert.Equal([0f, 0.5f, 0.5f], history["learning_rate"]);
        Assert.StartsWith("\nEpoch 1: LearningRateScheduler setting learning rate to 0.0.\n\nEpoch 2: LearningRateScheduler setting learning rate to 0.5.", output.ToString().ReplaceLineEndings("\n"));
        Assert.Throws<InvalidOperationException>(() => Model().Fit(Tensor.Ones(4, 1), Tensor.Ones(4, 1), verbose: 0, callbacks: [new LearningRateScheduler((_, _) => float.NaN)]));
    }
}
