using Backprop;
using Backprop.Datasets;
using Backprop.Layers;

// Training from a BatchDataset (Keras's PyDataset): the digits stay bytes, and each batch is built when Fit asks for
// it — here every image shifted by up to two pixels each way (a new random shift every epoch), then scaled to 0..1.
// The test set goes through ImageBatches, the ready-made dataset that only scales.
Utils.SetRandomSeed(42);
var ((xTrain, yTrain), (xTest, yTest)) = MnistSample.LoadBytes();   // [8000, 28, 28] and [2000, 28, 28] bytes
var train = new ShiftedDigits(xTrain, Utils.ToCategorical(yTrain, 10), batchSize: 128, seed: 7);
var test = new ImageBatches(xTest.Reshape(-1, 784), Utils.ToCategorical(yTest, 10), batchSize: 128, shuffle: false);
var model = new Sequential(new Input(784), new Dense(512, activation: "relu"), new Dense(10, activation: "softmax"));
model.Compile(optimizer: "rmsprop", loss: "categorical_crossentropy", metrics: ["accuracy"]);
model.Fit(train, epochs: 5, verbose: 2, validationData: test);
Console.WriteLine($"test accuracy: {model.Evaluate(test)["accuracy"]:F4}");

/// <summary>MNIST-style byte images, each batch randomly shifted and scaled as it is requested.</summary>
sealed class ShiftedDigits(ByteImages images, Tensor labels, int batchSize, int seed) : BatchDataset
{
    private readonly Random _random = new(seed);
    private readonly int[] _order = Enumerable.Range(0, images.Count).ToArray();
    private readonly float[] _labels = labels.ToArray();

    public override int Count => (images.Count + batchSize - 1) / batchSize;

    public override void OnEpochBegin() => _random.Shuffle(_order);

    public override Batch GetBatch(int index)
    {
        int start = index * batchSize, rows = Math.Min(batchSize, images.Count - start);
        var x = new float[rows * 784];
        var y = new float[rows * 10];
        for (int i = 0; i < rows; i++)
        {
            int sample = _order[start + i], dx = _random.Next(-2, 3), dy = _random.Next(-2, 3);
            for (int r = 0; r < 28; r++)
                for (int c = 0; c < 28; c++)
                {
                    int fromRow = r - dy, fromColumn = c - dx;   // pixels shifted in from outside the image are 0
                    if (fromRow is >= 0 and < 28 && fromColumn is >= 0 and < 28)
                        x[i * 784 + r * 28 + c] = images.Pixels[sample * 784 + fromRow * 28 + fromColumn] / 255f;
                }
            Array.Copy(_labels, sample * 10, y, i * 10, 10);
        }
        return (Tensor.FromArray(x, rows, 784), Tensor.FromArray(y, rows, 10));
    }
}
