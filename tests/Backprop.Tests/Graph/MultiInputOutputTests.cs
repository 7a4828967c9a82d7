using Backprop.Datasets;
using Backprop.Layers;

namespace Backprop.Tests.Graph;

/// <summary>Fit, Evaluate and Predict with several inputs and outputs: per-output losses and metrics under Keras 3's log
/// names, loss weights, the list and dictionary forms, and batches that carry several tensors.</summary>
[Collection("Session")]
public class MultiInputOutputTests
{
    private static (Tensor X, Tensor Labels, Tensor Side) Sample(int rows)
    {
        var ((xTrain, yTrain), _) = MnistSample.LoadData();
        Tensor x = xTrain.Reshape(-1, 784).Rows(0, rows) / 255f;
        // Three numbers per image: its mean intensity, the share of bright pixels, and the label's parity (as a hint).
        float[] pixels = x.ToArray(), labels = yTrain.Rows(0, rows).ToArray(), side = new float[rows * 3];
        for (int r = 0; r < rows; r++)
        {
            var row = pixels.AsSpan(r * 784, 784);
            float mean = 0, bright = 0;
            foreach (float p in row) { mean += p; bright += p > 0.5f ? 1 : 0; }
            side[r * 3] = mean / 784;
            side[r * 3 + 1] = bright / 784;
            side[r * 3 + 2] = labels[r] % 2;
        }
        return (x, yTrain.Rows(0, rows), Tensor.FromArray(side, rows, 3));
    }

    [Fact]
    public void ATwoInputModelTrainsOnImageAndSideInput()
    {
        Utils.SetRandomSeed(7);
        var (x, labels, side) = Sample(2000);
        var image = new Input([784], name: "image");
        var extra = new Input([3], name: "extra");
        SymbolicTensor joined = new Concatenate().Call([new Dense(64, activation: "relu").Call(image), extra]);
        var model = new Model([image, extra], new Dense(10, activation: "softmax", name: "digit").Call(joined));
        model.Compile("adam", "categorical_crossentropy", ["accuracy"]);
        Tensor y = Utils.ToCategorical(labels, 10);
        History history = model.Fit([x, side], [y], epochs: 3, batchSize: 64, verbose: 0, validationSplit: 0.2f);
        Assert.Equal(["accuracy", "loss", "val_accuracy", "val_loss"], history.Values.Keys.Order(StringComparer.Ordinal));
        Assert.True(history["loss"][2] < history["loss"][0]);
        Assert.True(history["val_accuracy"][2] > 0.8f, $"validation accuracy {history["val_accuracy"][2]}");
        var byName = new Dictionary<string, Tensor> { ["image"] = x.Rows(0, 100), ["extra"] = side.Rows(0, 100) };
        Assert.Equal(model.Predict([x.Rows(0, 100), side.Rows(0, 100)])[0].ToArray(), model.Predict(byName)[0].ToArray());
        var unknown = Assert.Throws<ArgumentException>(() => model.Predict(new Dictionary<string, Tensor> { ["img"] = x }));
        Assert.Contains("image, extra", unknown.Message);
    }

    private static Model TwoHeads()
    {
        var image = new Input([784], name: "image");
        SymbolicTensor hidden = new Dense(64, activation: "relu").Call(image);
        return new Model(image, [new Dense(10, activation: "softmax", name: "digit").Call(hidden), new Dense(1, name: "score").Call(hidden)]);
    }

    [Fact]
    public void ATwoOutputModelTrainsWithPerOutputLossesUnderKerassNames()
    {
        Utils.SetRandomSeed(8);
        var (x, labels, side) = Sample(2000);
        Tensor digits = Utils.ToCategorical(labels, 10), score = side.Reshape(-1, 3).Rows(0, 2000) is var s ? Tensor.FromArray(Enumerable.Range(0, 2000).Select(i => s[i, 0] * 10).ToArray(), 2000, 1) : null!;
        Model model = TwoHeads();
        model.Compile("adam", ["categorical_crossentropy", "mse"], lossWeights: [1f, 0.5f], metrics: [["accuracy"], ["mae"]]);
        History history = model.Fit([x], [digits, score], epochs: 3, batchSize: 64, verbose: 0, validationSplit: 0.1f);
        // Keras 3's names: the total "loss", "<output>_loss" for each output, "<output>_<metric>", and val_ for each.
        string[] names = ["digit_accuracy", "digit_loss", "loss", "score_loss", "score_mae"];
        Assert.Equal(names.Concat(names.Select(n => "val_" + n)).Order(StringComparer.Ordinal), history.Values.Keys.Order(StringComparer.Ordinal));
        Assert.True(history["digit_loss"][2] < history["digit_loss"][0]);
        Assert.True(history["score_loss"][2] < history["score_loss"][0]);
        Assert.True(history["val_digit_accuracy"][2] > 0.8f, $"validation accuracy {history["val_digit_accuracy"][2]}");

        // Evaluated in one batch, each output's loss is its loss on Predict's output, and the total is 1·digit + 0.5·score.
        IReadOnlyDictionary<string, float> logs = model.Evaluate([x.Rows(0, 200)], [digits.Rows(0, 200), score.Rows(0, 200)], batchSize: 200);
        IReadOnlyList<Tensor> predicted = model.Predict([x.Rows(0, 200)]);
        double crossentropy = 0, squared = 0, absolute = 0;
        for (int r = 0; r < 200; r++)
        {
            crossentropy -= Math.Log(Math.Clamp(predicted[0][r, (int)labels[r]], 1e-7, 1 - 1e-7));
            double error = predicted[1][r, 0] - score[r, 0];
            squared += error * error;
            absolute += Math.Abs(error);
        }
        Assert.Equal(crossentropy / 200, logs["digit_loss"], 3);
        Assert.Equal(squared / 200, logs["score_loss"], 4);
        Assert.Equal(absolute / 200, logs["score_mae"], 4);
        Assert.Equal(logs["digit_loss"] + 0.5 * logs["score_loss"], logs["loss"], 4);
    }

    [Fact]
    public void TheDictionaryFormsMatchTheListForms()
    {
        var (x, labels, side) = Sample(256);
        Tensor digits = Utils.ToCategorical(labels, 10), score = side.Rows(0, 256).Reshape(-1, 3) is var s ? Tensor.FromArray(Enumerable.Range(0, 256).Select(i => s[i, 1]).ToArray(), 256, 1) : null!;
        History Train(bool byName)
        {
            Utils.ClearSession();
            Utils.SetRandomSeed(9);
            Model model = TwoHeads();
            if (byName)
            {
                model.Compile("sgd", new Dictionary<string, LossArgument> { ["score"] = "mae", ["digit"] = "categorical_crossentropy" },
                    lossWeights: new Dictionary<string, float> { ["score"] = 2f }, metrics: new Dictionary<string, IReadOnlyList<MetricArgument>> { ["digit"] = ["accuracy"] });
                return model.Fit(new Dictionary<string, Tensor> { ["image"] = x }, new Dictionary<string, Tensor> { ["score"] = score, ["digit"] = digits }, epochs: 2, verbose: 0);
            }
            model.Compile("sgd", ["categorical_crossentropy", "mae"], lossWeights: [1f, 2f], metrics: [["accuracy"], []]);
            return model.Fit([x], [digits, score], epochs: 2, verbose: 0);
        }
        History list = Train(false), dict = Train(true);
        Assert.Equal(list.Values.Keys, dict.Values.Keys);
        foreach (string key in list.Values.Keys) Assert.Equal(list[key], dict[key]);
    }

    [Fact]
    public void StructuredBadInputGetsClearErrors()
    {
        Model model = TwoHeads();
        var wrongLosses = Assert.Throws<ArgumentException>(() => model.Compile("adam", ["mse"]));
        Assert.Contains("digit, score", wrongLosses.Message);
        var flatMetrics = Assert.Throws<ArgumentException>(() => model.Compile("adam", "mse", ["mae", "mse", "accuracy"]));
        Assert.Contains("one list per output", flatMetrics.Message);
        var unknown = Assert.Throws<ArgumentException>(() => model.Compile("adam", new Dictionary<string, LossArgument> { ["digits"] = "mse", ["score"] = "mse" }));
        Assert.Contains("'digits' is not an output", unknown.Message);
        model.Compile("adam", "mse");
        Assert.Equal(2, model.Losses.Count);
        Tensor x = Tensor.Ones(4, 784);
        var oneTarget = Assert.Throws<ArgumentException>(() => model.Fit([x], [Tensor.Ones(4, 10)], verbose: 0));
        Assert.Contains("2 output(s)", oneTarget.Message);
        var samples = Assert.Throws<ArgumentException>(() => model.Fit([x], [Tensor.Ones(4, 10), Tensor.Ones(3, 1)], verbose: 0));
        Assert.Contains("same number of samples", samples.Message);
        var shape = Assert.Throws<ArgumentException>(() => model.Fit([Tensor.Ones(4, 783)], [Tensor.Ones(4, 10), Tensor.Ones(4, 1)], verbose: 0));
        Assert.Contains("(None, 784)", shape.Message);
    }

    private sealed class TwoTensorBatches(Tensor x, Tensor digits, Tensor score) : BatchDataset
    {
        public override int Count => 4;

        public override Batch GetBatch(int index) => new([x.Rows(index * 16, 16)], [digits.Rows(index * 16, 16), score.Rows(index * 16, 16)]);
    }

    [Fact]
    public void BatchDatasetsCarrySeveralTensors()
    {
        var (x, labels, side) = Sample(64);
        Tensor digits = Utils.ToCategorical(labels, 10), score = side.Reshape(-1, 3) is var s ? Tensor.FromArray(Enumerable.Range(0, 64).Select(i => s[i, 0]).ToArray(), 64, 1) : null!;
        History Train(bool dataset)
        {
            Utils.ClearSession();
            Utils.SetRandomSeed(10);
            Model model = TwoHeads();
            model.Compile("adam", ["categorical_crossentropy", "mse"]);
            return dataset ? model.Fit(new TwoTensorBatches(x, digits, score), epochs: 2, verbose: 0, shuffle: false)
                : model.Fit([x], [digits, score], batchSize: 16, epochs: 2, verbose: 0, shuffle: false);
        }
        History arrays = Train(false), batches = Train(true);
        foreach (string key in arrays.Values.Keys) Assert.Equal(arrays[key], batches[key]);
    }
}
