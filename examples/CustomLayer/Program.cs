// A layer of your own, saved and loaded back in another process: run with "save model.keras", then "load model.keras".
// Both print the model's predictions on the same three rows; they agree digit for digit.
using System.Globalization;
using Backprop;
using Backprop.Layers;
using Backprop.Serialization;

CustomObjects.Register<Linear>("examples");   // saved as "examples>Linear", rebuilt from that name on load
if (args is not [("save" or "load") and var mode, var path])
{
    Console.Error.WriteLine("usage: CustomLayer save|load PATH");
    return 2;
}
Tensor rows = Tensor.FromArray([0.1f, -0.4f, 0.9f, 1.5f, 0.0f, -1.0f, -0.7f, 0.3f, 0.2f], 3, 3);
Model model;
if (mode == "save")
{
    Utils.SetRandomSeed(5);
    var x = Tensor.RandomNormal([256, 3]);
    var y = x.MatMul(Tensor.FromArray([1f, -2f, 0.5f, 0.5f, 1f, -1f], 3, 2)) + 0.25f;   // a linear target the model can learn
    model = new Sequential(new Input(3), new Linear(8), new Activation("tanh"), new Linear(2));
    model.Compile(new Backprop.Optimizers.Adam(0.01f), "mse");
    var history = model.Fit(x, y, epochs: 40, batchSize: 32, verbose: 0);
    Console.WriteLine($"loss: {history["loss"][^1].ToString("F4", CultureInfo.InvariantCulture)}");
    model.Save(path);
}
else model = Model.Load(path);
float[] predicted = model.Predict(rows).ToArray();
Console.WriteLine("predictions: " + string.Join(" ", predicted.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
return 0;

/// <summary>y = x·W + b, written as Keras's guide writes its Linear layer.</summary>
public sealed class Linear(int units, string? name = null) : Layer(name)
{
    private Tensor _w = null!, _b = null!;

    public int Units => units;

    protected override void OnBuild(int[] inputShape)
    {
        _w = AddWeight("kernel", [inputShape[^1], units], "glorot_uniform");
        _b = AddWeight("bias", [units], "zeros");
    }

    protected override Tensor Forward(Tensor inputs, bool training) => inputs.MatMul(_w) + _b;

    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["units"] = units;
        return config;
    }
}
