using Backprop.Layers;
using Backprop.Tests.Ops;

namespace Backprop.Tests.Subclassing;

/// <summary>Layers written as in Keras: weights by AddWeight (initializer by name, non-trainable state, a penalty),
/// AddLoss, the output shape inferred, layers held in fields tracked, and clear errors for the usual mistakes.</summary>
[Collection("Session")]
public sealed class CustomLayerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bp-custom-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The Linear layer of the Layer docs, with a non-trainable call counter and an activity-style AddLoss.</summary>
    internal sealed class Linear(int units, float penalty = 0f, string? name = null) : Layer(name)
    {
        private Tensor _w = null!, _b = null!;

        public int Units => units;

        public Tensor Calls { get; private set; } = null!;

        protected override void OnBuild(int[] inputShape)
        {
            _w = AddWeight("kernel", [inputShape[^1], units], "glorot_uniform");
            _b = AddWeight("bias", [units], "zeros");
            Calls = AddWeight("calls", [1], "zeros", trainable: false);
        }

        protected override Tensor Forward(Tensor inputs, bool training)
        {
            if (training) Calls[0] += 1;
            Tensor y = inputs.MatMul(_w) + _b;
            // A tensor of values adds their sum (Keras sums each added loss): penalty·mean(y²) written as a sum.
            if (penalty > 0) AddLoss(penalty / y.Size * y.Square());
            return y;
        }

        public void LateWeight() => AddWeight("late", [1]);

        public override IDictionary<string, object?> GetConfig()
        {
            var config = base.GetConfig();
            config["units"] = units;
            config["penalty"] = penalty;
            return config;
        }
    }

    /// <summary>Another class, only ever given at load time.</summary>
    internal sealed class Scale(float factor = 2f, string? name = null) : Layer(name)
    {
        public float Factor => factor;

        protected override Tensor Forward(Tensor inputs, bool training) => inputs * factor;

        public override IDictionary<string, object?> GetConfig()
        {
            var config = base.GetConfig();
            config["factor"] = factor;
            return config;
        }
    }

    /// <summary>A block made of two layers held in fields: their weights are its weights.</summary>
    internal sealed class Block : Layer
    {
        private readonly Linear _first = new(4);
        private readonly List<Layer> _rest = [new Activation("tanh"), new Linear(2)];

        public Block() : base(null) { }

        protected override Tensor Forward(Tensor inputs, bool training) =>
            _rest.Aggregate(_first.Call(inputs, training), (x, layer) => layer.Call(x, training));
    }

    [Fact]
    public void ACustomLayersWeightsAndGradientsAreItsOwn()
    {
        Utils.SetRandomSeed(51);
        var linear = new Linear(3);
        Tensor x = Tensor.RandomNormal([2, 4]);
        linear.Call(x);
        Assert.Equal(["kernel", "bias", "calls"], linear.WeightNames);
        Assert.Equal(2, linear.TrainableWeights.Count);
        Assert.Single(linear.NonTrainableWeights);
        double[] w = linear.Weights[0].ToArray().Select(v => (double)v).ToArray();
        GradientCheck.Check(xs => linear.Call(xs[0]), xs => Enumerable.Range(0, 6).Select(f => Enumerable.Range(0, 4).Sum(i => xs[0][f / 3 * 4 + i] * w[i * 3 + f % 3])).ToArray(), [[2, 4]]);
        // The output shape, not declared, is found by running the layer on one sample.
        Assert.Equal([3], linear.ComputeOutputShape([4]));
        Assert.Equal([3], linear.Call(new Input(4).Output).Shape);
        var late = Assert.Throws<InvalidOperationException>(linear.LateWeight);
        Assert.Contains("already built", late.Message);
    }

    [Fact]
    public void AddLossPenaltiesAndStateAreTrainedAndTracked()
    {
        Utils.SetRandomSeed(52);
        var linear = new Linear(1, penalty: 0.5f);
        var model = new Sequential(new Input(2), linear);
        model.Compile("sgd", "mse");
        Tensor x = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2), y = Tensor.Zeros(2, 1);
        Tensor prediction = model.Predict(x);
        double mse = prediction.ToArray().Average(p => (double)p * p);
        // Evaluate adds the AddLoss penalty 0.5·mean(y²) to the mse, as Keras adds model.losses.
        Assert.Equal(mse * 1.5, model.Evaluate(x, y, batchSize: 2)["loss"], 5);
        model.Fit(x, y, epochs: 3, batchSize: 2, verbose: 0);
        Assert.Equal(3f, linear.Calls[0]);   // state updated in training only
        string path = Path.Combine(_folder, "linear.weights.h5");
        model.SaveWeights(path);
        var again = new Sequential(new Input(2), new Linear(1, penalty: 0.5f));
        again.LoadWeights(path);
        Assert.Equal(model.Predict(x).ToArray(), again.Predict(x).ToArray());
        Assert.Equal(3f, ((Linear)again.Layers[0]).Calls[0]);
    }

    [Fact]
    public void LayersHeldInFieldsAreTracked()
    {
        Utils.SetRandomSeed(53);
        var block = new Block();
        var model = new Sequential(new Input(3), block);
        Assert.Equal(6, model.Weights.Count);
        Assert.Equal(6, block.Weights.Count);   // two Linears: kernel, bias, calls each
        Assert.Equal(4, block.TrainableWeights.Count);
        Assert.Equal(3 * 4 + 4 + 1 + 4 * 2 + 2 + 1, model.CountParams());
        model.Compile("adam", "mse");
        float[] before = block.TrainableWeights[2].ToArray();
        model.Fit(Tensor.RandomNormal([8, 3]), Tensor.RandomNormal([8, 2]), epochs: 1, verbose: 0);
        Assert.NotEqual(before, block.TrainableWeights[2].ToArray());
        block.Trainable = false;
        Assert.Empty(model.TrainableWeights);
    }

    [Fact]
    public void ARegisteredLayerAndOneGivenAtLoadTimeSaveAndLoadBitForBit()
    {
        Utils.SetRandomSeed(54);
        string registered = Backprop.Serialization.CustomObjects.Register<Linear>("tests");
        Assert.Equal("tests>Linear", registered);
        var model = new Sequential(new Input(3), new Linear(4, penalty: 0.25f), new Scale(3f), new Dense(2));
        model.Compile("adam", "mse");
        Tensor x = Tensor.RandomNormal([6, 3]), y = Tensor.RandomNormal([6, 2]);
        model.Fit(x, y, epochs: 2, verbose: 0);
        string path = Path.Combine(_folder, "custom.keras");
        model.Save(path);

        var missing = Assert.Throws<Backprop.Serialization.ModelFormatException>(() => Model.Load(path));
        Assert.Contains("'Scale'", missing.Message);
        Assert.Contains("CustomObjects.Register", missing.Message);

        Model loaded = Model.Load(path, customObjects: new Dictionary<string, Type> { ["Scale"] = typeof(Scale) });
        Assert.IsType<Linear>(loaded.Layers[0]);
        Assert.Equal(3f, ((Scale)loaded.Layers[1]).Factor);
        Assert.Equal(model.Predict(x).ToArray(), loaded.Predict(x).ToArray());
        Assert.Equal(model.Evaluate(x, y)["loss"], loaded.Evaluate(x, y)["loss"]);
        Assert.Equal(((Linear)model.Layers[0]).Calls[0], ((Linear)loaded.Layers[0]).Calls[0]);
        Utils.SetRandomSeed(5);
        model.Fit(x, y, epochs: 1, verbose: 0);
        Utils.SetRandomSeed(5);
        loaded.Fit(x, y, epochs: 1, verbose: 0);
        Assert.Equal(model.Predict(x).ToArray(), loaded.Predict(x).ToArray());
        var taken = Assert.Throws<ArgumentException>(() => Backprop.Serialization.CustomObjects.Register<Scale>("tests", "Linear"));
        Assert.Contains("already registered", taken.Message);
    }

    /// <summary>A layer whose call disagrees with the shape it declares.</summary>
    internal sealed class Liar() : Layer(null)
    {
        protected override Tensor Forward(Tensor inputs, bool training) => inputs.Reshape(inputs.Dim(0), 1, -1);

        public override int[] ComputeOutputShape(int[] inputShape) => inputShape;
    }

    [Fact]
    public void ALayerReturningAnotherShapeThanItDeclaresIsNamed()
    {
        var x = new Input(4);
        var model = new Model(x, new Dense(2).Call(new Liar().Call(x)));
        var error = Assert.Throws<InvalidOperationException>(() => model.Predict(Tensor.Ones(3, 4)));
        Assert.Contains("'liar'", error.Message);
        Assert.Contains("(None, 4)", error.Message);
    }
}
