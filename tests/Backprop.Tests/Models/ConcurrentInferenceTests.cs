using Backprop.Callbacks;
using Backprop.Layers;

namespace Backprop.Tests.Models;

/// <summary>One model used from many threads at once, as a web server uses it: results equal the single-threaded ones.</summary>
[Collection("Session")]
public class ConcurrentInferenceTests
{
    private static (Sequential Model, Tensor X, Tensor Y) Trained()
    {
        Utils.SetRandomSeed(21);
        var model = new Sequential(new Input(20), new Dense(32, activation: "relu"), new Dense(4, activation: "softmax"));
        model.Compile("rmsprop", "categorical_crossentropy", metrics: ["accuracy"]);
        var x = Tensor.RandomNormal([300, 20]);
        var y = Utils.ToCategorical(Tensor.FromArray(Enumerable.Range(0, 300).Select(i => (float)(i % 4)).ToArray(), 300), 4);
        return (model, x, y);
    }

    private static async Task OnThreads(int threads, Action<int> body)
    {
        using var start = new Barrier(threads);
        await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Factory.StartNew(() => { start.SignalAndWait(); body(t); }, TaskCreationOptions.LongRunning)));
    }

    [Fact]
    public async Task EvaluateFromFourThreadsGivesTheSingleThreadedScores()
    {
        var (model, x, y) = Trained();
        var expected = model.Evaluate(x, y, batchSize: 32);
        var results = new IReadOnlyDictionary<string, float>[4 * 25];
        await OnThreads(4, t =>
        {
            for (int i = 0; i < 25; i++) results[t * 25 + i] = model.Evaluate(x, y, batchSize: 32);
        });
        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public async Task PredictFromEightThreadsGivesTheSingleThreadedOutputs()
    {
        var (model, x, _) = Trained();
        float[] expected = model.Predict(x).ToArray();
        float[] row = model.PredictOnBatch(x.Rows(7, 1)).ToArray();
        var outputs = new float[8][];
        var rows = new float[8][];
        await OnThreads(8, t =>
        {
            for (int i = 0; i < 10; i++)
            {
                outputs[t] = model.Predict(x).ToArray();
                rows[t] = model.PredictOnBatch(x.Rows(7, 1)).ToArray();
            }
        });
        Assert.All(outputs, o => Assert.Equal(expected, o));
        Assert.All(rows, r => Assert.Equal(row, r));
    }

    [Fact]
    public async Task AFunctionalModelPredictsFromEightThreadsAsFromOne()
    {
        Utils.SetRandomSeed(22);
        var image = new Input(20);
        var side = new Input(3);
        var shared = new Dense(16, activation: "tanh");
        SymbolicTensor a = shared.Call(image);
        SymbolicTensor joined = new Concatenate().Call([new Add().Call([a, shared.Call(new Dense(20).Call(image))]), side]);
        var model = new Model([image, side], [new Dense(4, activation: "softmax").Call(joined), new Dense(1).Call(joined)]);
        Tensor x = Tensor.RandomNormal([300, 20]), s = Tensor.RandomNormal([300, 3]);
        IReadOnlyList<Tensor> expected = model.Predict([x, s]);
        var outputs = new IReadOnlyList<Tensor>[8];
        await OnThreads(8, t =>
        {
            for (int i = 0; i < 10; i++) outputs[t] = model.Predict([x, s]);
        });
        Assert.All(outputs, o =>
        {
            Assert.Equal(expected[0].ToArray(), o[0].ToArray());
            Assert.Equal(expected[1].ToArray(), o[1].ToArray());
        });
    }

    [Fact]
    public async Task EightThreadsMakingTheFirstPredictBuildTheModelOnce()
    {
        Utils.SetRandomSeed(22);
        var model = new Sequential(new Dense(3), new Dense(2));   // no Input: built by the first call
        var x = Tensor.RandomNormal([5, 4]);
        var outputs = new float[8][];
        await OnThreads(8, t => outputs[t] = model.Predict(x).ToArray());
        Assert.Equal(4, model.Weights.Count);
        Assert.All(outputs, o => Assert.Equal(outputs[0], o));
        string path = Path.Combine(Path.GetTempPath(), $"built-once-{Guid.NewGuid():N}.keras");
        try
        {
            model.Save(path);
            Assert.Equal(outputs[0], Model.Load(path).Predict(x).ToArray());
        }
        finally { File.Delete(path); }
    }

    private sealed class Pause(ManualResetEventSlim entered, ManualResetEventSlim release) : Callback
    {
        public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, float> logs)
        {
            entered.Set();
            release.Wait(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task TrainingAModelThatAnotherThreadIsTrainingIsRefused()
    {
        var (model, x, y) = Trained();
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        Task first = Task.Factory.StartNew(() => model.Fit(x, y, epochs: 1, verbose: 0, callbacks: [new Pause(entered, release)]), TaskCreationOptions.LongRunning);
        Assert.True(entered.Wait(TimeSpan.FromSeconds(30)));
        var e = Assert.Throws<InvalidOperationException>(() => model.Fit(x, y, verbose: 0));
        Assert.Contains("being trained on another thread", e.Message);
        Assert.Throws<InvalidOperationException>(() => model.TrainOnBatch(x, y));
        // Predict is not blocked by the training.
        Assert.Equal([300, 4], model.Predict(x).Shape);
        release.Set();
        await first;
        Assert.True(float.IsFinite(model.Evaluate(x, y)["loss"]));
    }

    [Fact]
    public void TheSameLayerTwiceInASequentialIsRefused()
    {
        var dense = new Dense(4);
        var e = Assert.Throws<ArgumentException>(() => new Sequential(new Input(4), dense, dense));
        Assert.Contains($"'{dense.Name}' is already layer 0", e.Message);
    }
}
