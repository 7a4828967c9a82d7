using Backprop.Layers;
using Backprop.Losses;
using Backprop.Metrics;

namespace Backprop.Tests.Subclassing;

/// <summary>Losses and metrics written as functions, Keras's <c>compile(loss=fn, metrics=[fn])</c>.</summary>
[Collection("Session")]
public sealed class FunctionLossTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bp-fnloss-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Tensor SquaredError(Tensor yTrue, Tensor yPred) => (yPred - yTrue).Square().Mean(-1);

    private static Sequential Model()
    {
        Utils.ClearSession();
        Utils.SetRandomSeed(71);
        return new Sequential(new Input(3), new Dense(4, activation: "tanh"), new Dense(2));
    }

    [Fact]
    public void AFunctionLossTrainsExactlyLikeTheLossClass()
    {
        Tensor x = Tensor.RandomNormal([32, 3]), y = Tensor.RandomNormal([32, 2]);
        Sequential a = Model(), b = Model();
        a.Compile("adam", new LossFunction(SquaredError), [new MetricFunction((t, p) => (p - t).Abs().Mean(-1), "my_mae")]);
        b.Compile("adam", "mse", ["mae"]);
        Assert.Equal("squared_error", a.Loss!.Name);
        Utils.SetRandomSeed(3);
        History ha = a.Fit(x, y, batchSize: 8, epochs: 2, verbose: 0);
        Utils.SetRandomSeed(3);
        History hb = b.Fit(x, y, batchSize: 8, epochs: 2, verbose: 0);
        Assert.Equal(hb["loss"], ha["loss"]);
        for (int e = 0; e < 2; e++) Assert.Equal(hb["mae"][e], ha["my_mae"][e], 5);
        Assert.Equal(b.Predict(x).ToArray(), a.Predict(x).ToArray());
    }

    [Fact]
    public void FunctionsWithoutANameOrWithTheWrongShapeAreRefused()
    {
        var unnamed = Assert.Throws<ArgumentException>(() => new LossFunction((t, p) => p - t));
        Assert.Contains("needs a name", unnamed.Message);
        static Tensor AbsoluteError(Tensor t, Tensor p) => (p - t).Abs().Mean(-1);
        Assert.Equal("absolute_error", new LossFunction(AbsoluteError).Name);   // a local function keeps its own name
        Sequential model = Model();
        model.Compile("sgd", new LossFunction((t, p) => (p - t).Sum(), "total"));
        var shape = Assert.Throws<InvalidOperationException>(() => model.Fit(Tensor.Ones(4, 3), Tensor.Ones(4, 2), verbose: 0));
        Assert.Contains("one value per sample", shape.Message);
    }

    [Fact]
    public void AModelCompiledWithAFunctionSavesAndLoadsUncompiled()
    {
        Sequential model = Model();
        model.Compile("adam", new LossFunction(SquaredError));
        string path = Path.Combine(_folder, "fn.keras");
        model.Save(path);
        var error = Assert.Throws<Backprop.Serialization.ModelFormatException>(() => global::Backprop.Model.Load(path));
        Assert.Contains("squared_error", error.Message);
        Assert.Contains("compile: false", error.Message);
        Tensor x = Tensor.Ones(2, 3);
        Assert.Equal(model.Predict(x).ToArray(), global::Backprop.Model.Load(path, compile: false).Predict(x).ToArray());
    }
}
