using Backprop.Layers;

namespace Backprop.Tests.Subclassing;

/// <summary>Subclassed models and custom training steps: equal to the functional model with the same weights, a step
/// that calls the default is the default, and gradient accumulation equals a larger batch.</summary>
[Collection("Session")]
public sealed class CustomModelTests
{
    /// <summary>A subclassed model: layers in fields, the call overridden.</summary>
    private sealed class TwoLayers : Model
    {
        private readonly Dense _hidden = new(6, activation: "relu");
        private readonly Dense _out = new(3, activation: "softmax");

        public TwoLayers() : base(null) { }

        protected override Tensor Forward(Tensor inputs, bool training) => _out.Call(_hidden.Call(inputs, training), training);
    }

    private static Model Functional()
    {
        var x = new Input(4);
        return new Model(x, new Dense(3, activation: "softmax").Call(new Dense(6, activation: "relu").Call(x)));
    }

    private static (Tensor X, Tensor Y) Data(int rows)
    {
        var random = new Random(3);
        Tensor x = Tensor.FromArray(Enumerable.Range(0, rows * 4).Select(_ => (float)random.NextDouble() * 2 - 1).ToArray(), rows, 4);
        return (x, Utils.ToCategorical(Tensor.FromArray(Enumerable.Range(0, rows).Select(i => (float)(i % 3)).ToArray()), 3));
    }

    [Fact]
    public void ASubclassedModelEqualsTheFunctionalOneWithTheSameWeights()
    {
        Utils.SetRandomSeed(61);
        Model functional = Functional();
        var subclassed = new TwoLayers();
        var (x, y) = Data(24);
        subclassed.Predict(x.Rows(0, 1));   // builds it
        subclassed.SetWeights(functional.GetWeights());
        Assert.Equal(functional.Predict(x).ToArray(), subclassed.Predict(x).ToArray());

        var loss = new Backprop.Losses.CategoricalCrossentropy();
        IReadOnlyList<Tensor> g1 = Backprop.Autograd.Autograd.Gradients(loss.Call(y, functional.Call(x, training: true)), functional.TrainableWeights);
        IReadOnlyList<Tensor> g2 = Backprop.Autograd.Autograd.Gradients(loss.Call(y, subclassed.Call(x, training: true)), subclassed.TrainableWeights);
        for (int i = 0; i < g1.Count; i++) Assert.Equal(g1[i].ToArray(), g2[i].ToArray());

        functional.Compile("adam", "categorical_crossentropy", ["accuracy"]);
        subclassed.Compile("adam", "categorical_crossentropy", ["accuracy"]);
        Utils.SetRandomSeed(7);
        History a = functional.Fit(x, y, batchSize: 8, epochs: 1, verbose: 0);
        Utils.SetRandomSeed(7);
        History b = subclassed.Fit(x, y, batchSize: 8, epochs: 1, verbose: 0);
        Assert.Equal(a["loss"], b["loss"]);
        Assert.Equal(functional.Predict(x).ToArray(), subclassed.Predict(x).ToArray());
        Assert.Contains("dense", subclassed.Summary(TextWriter.Null));
        string path = Path.Combine(Path.GetTempPath(), $"bp-subclassed-{Guid.NewGuid()}.keras");
        var unregistered = Assert.Throws<NotSupportedException>(() => subclassed.Save(path));
        Assert.Contains("CustomObjects.Register<TwoLayers>", unregistered.Message);
        Assert.False(File.Exists(path));
    }

    /// <summary>A functional model whose train step is overridden.</summary>
    private sealed class Stepped(SymbolicTensor inputs, SymbolicTensor outputs, int accumulate) : Model(inputs, outputs)
    {
        private List<Tensor>? _sum;
        private int _seen;

        protected override void TrainStep(Backprop.Datasets.Batch data)
        {
            if (accumulate == 0)
            {
                base.TrainStep(data);
                return;
            }
            // Gradient accumulation: the mean of k batches' gradients, applied once every k batches.
            Tensor yPred = Call(data.X, training: true);
            Tensor loss = ComputeLoss(data.Y!, yPred, data.SampleWeight);
            IReadOnlyList<Tensor> grads = Backprop.Autograd.Autograd.Gradients(loss, TrainableWeights);
            _sum = _sum is null ? [.. grads] : [.. _sum.Zip(grads, (s, g) => s + g)];
            if (++_seen % accumulate == 0)
            {
                Optimizer!.Apply([.. _sum.Select(s => s / accumulate)], TrainableWeights);
                _sum = null;
            }
            UpdateMetrics(loss.Item(), data.Y!, yPred.Detach(), data.SampleWeight);
        }
    }

    private static Model Make(int accumulate)
    {
        Utils.ClearSession();
        Utils.SetRandomSeed(62);
        var x = new Input(4);
        return new Stepped(x, new Dense(3, activation: "softmax").Call(new Dense(6, activation: "tanh").Call(x)), accumulate);
    }

    [Fact]
    public void AStepThatCallsTheDefaultTrainsAsTheDefault()
    {
        var (x, y) = Data(40);
        Model overridden = Make(accumulate: 0);
        overridden.Compile("rmsprop", "categorical_crossentropy", ["accuracy"]);
        Utils.SetRandomSeed(9);
        History a = overridden.Fit(x, y, batchSize: 8, epochs: 2, verbose: 0);
        Utils.ClearSession();
        Utils.SetRandomSeed(62);
        var input = new Input(4);
        var plain = new Model(input, new Dense(3, activation: "softmax").Call(new Dense(6, activation: "tanh").Call(input)));
        plain.Compile("rmsprop", "categorical_crossentropy", ["accuracy"]);
        Utils.SetRandomSeed(9);
        History b = plain.Fit(x, y, batchSize: 8, epochs: 2, verbose: 0);
        Assert.Equal(b["loss"], a["loss"]);
        Assert.Equal(b["accuracy"], a["accuracy"]);
        Assert.Equal(plain.Predict(x).ToArray(), overridden.Predict(x).ToArray());
    }

    [Fact]
    public void AccumulatingFourBatchesEqualsAFourTimesLargerBatch()
    {
        var (x, y) = Data(128);
        Model accumulating = Make(accumulate: 4), large = Make(accumulate: 0);
        accumulating.Compile(new Backprop.Optimizers.SGD(0.5f), "categorical_crossentropy");
        large.Compile(new Backprop.Optimizers.SGD(0.5f), "categorical_crossentropy");
        accumulating.Fit(x, y, batchSize: 8, epochs: 3, verbose: 0, shuffle: false);
        large.Fit(x, y, batchSize: 32, epochs: 3, verbose: 0, shuffle: false);
        // The mean of four batch means of 8 is the mean over 32 samples, so the gradients agree up to float32 summation
        // order (sums of at most 32 terms: a relative error near 1e-6); 12 SGD steps keep the weights within 1e-5.
        float[] a = [.. accumulating.Weights.SelectMany(w => w.ToArray())], b = [.. large.Weights.SelectMany(w => w.ToArray())];
        Assert.True(a.Zip(b).Any(p => p.First != 0), "the weights moved");
        for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(a[i] - b[i]) <= 1e-5, $"weight {i}: {a[i]} vs {b[i]}");
        Assert.Equal(12, accumulating.Optimizer!.Iterations);
    }

    /// <summary>Test and predict steps of its own: Evaluate reports the mean absolute error instead of the loss's
    /// value, and Predict doubles the outputs.</summary>
    private sealed class OwnSteps(SymbolicTensor inputs, SymbolicTensor outputs) : Model(inputs, outputs)
    {
        protected override void TestStep(Backprop.Datasets.Batch data)
        {
            Tensor yPred = Call(data.X, training: false);
            UpdateMetrics((yPred - data.Y!).Abs().Mean().Item(), data.Y!, yPred);
        }

        protected override Tensor PredictStep(Tensor x) => Call(x, training: false) * 2f;
    }

    [Fact]
    public void EvaluateAndPredictCallOverriddenSteps()
    {
        Utils.SetRandomSeed(63);
        var x = new Input(3);
        var model = new OwnSteps(x, new Dense(2).Call(x));
        model.Compile("sgd", "mse");
        Tensor data = Tensor.RandomNormal([10, 3]), target = Tensor.RandomNormal([10, 2]);
        Tensor plain;
        using (Backprop.Autograd.Autograd.NoGrad()) plain = model.Call(data);
        float[] doubled = model.Predict(data, batchSize: 4).ToArray();
        Assert.Equal(plain.ToArray().Select(v => v * 2f), doubled);
        // Batches of 4, 4 and 2: the loss log is the batch-size-weighted mean of each batch's mean absolute error.
        double expected = 0;
        float[] p = plain.ToArray(), t = target.ToArray();
        foreach (var (start, count) in new[] { (0, 4), (4, 4), (8, 2) })
            expected += count * Enumerable.Range(start * 2, count * 2).Average(i => Math.Abs(p[i] - t[i]));
        Assert.Equal(expected / 10, model.Evaluate(data, target, batchSize: 4)["loss"], 5);
    }
}
