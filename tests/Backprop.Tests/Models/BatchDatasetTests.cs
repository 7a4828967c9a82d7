using Backprop.Callbacks;
using Backprop.Datasets;
using Backprop.Layers;

namespace Backprop.Tests.Models;

/// <summary>Fit and Evaluate over a BatchDataset (Keras's PyDataset): the same training as the array form where the
/// batches are the same, Keras's batch-order shuffle, the epoch hooks, and each malformed batch refused by name.</summary>
[Collection("Session")]
public class BatchDatasetTests
{
    private static Sequential Model(int seed)
    {
        Utils.SetRandomSeed(seed);
        var model = new Sequential(new Input(12), new Dense(16, activation: "relu"), new Dense(3, activation: "softmax"));
        model.Compile("rmsprop", "categorical_crossentropy", ["accuracy"]);
        return model;
    }

    private static (ByteImages X, Tensor Y) Images(int n)
    {
        var random = new Random(17);
        var pixels = new byte[n * 12];
        random.NextBytes(pixels);
        var labels = Tensor.FromArray(Enumerable.Range(0, n).Select(i => (float)(pixels[i * 12] % 3)).ToArray(), n);
        return (new ByteImages(pixels, n, 12), Utils.ToCategorical(labels, 3));
    }

    [Fact]
    public void ImageBatchesTrainBitForBitAsTheScaledArrays()
    {
        var (x, y) = Images(100);   // 100 = 3 batches of 32 and one of 4
        Sequential fromBytes = Model(7), fromFloats = Model(7);
        Utils.SetRandomSeed(11);
        History a = fromBytes.Fit(new ImageBatches(x, y, batchSize: 32), epochs: 3, verbose: 0, shuffle: false);
        Utils.SetRandomSeed(11);
        History b = fromFloats.Fit(x.ToTensor() * (1f / 255f), y, batchSize: 32, epochs: 3, verbose: 0);
        Assert.Equal(b["loss"], a["loss"]);
        Assert.Equal(b["accuracy"], a["accuracy"]);
        for (int i = 0; i < 4; i++) Assert.Equal(fromFloats.GetWeights()[i].ToArray(), fromBytes.GetWeights()[i].ToArray());
        IReadOnlyDictionary<string, float> byBatches = fromBytes.Evaluate(new ImageBatches(x, y, batchSize: 32, shuffle: false));
        IReadOnlyDictionary<string, float> byArrays = fromBytes.Evaluate(x.ToTensor() * (1f / 255f), y, batchSize: 32);
        Assert.Equal(byArrays["accuracy"], byBatches["accuracy"]);
        Assert.Equal(byArrays["loss"], byBatches["loss"], 1e-6f);
    }

    /// <summary>Records which batches were asked for and the epoch hooks.</summary>
    private sealed class RecordingDataset(Tensor x, Tensor y, int batchSize) : BatchDataset
    {
        public List<int> Requested { get; } = [];
        public int Begins { get; private set; }
        public int Ends { get; private set; }
        public Func<int, Batch>? Override { get; set; }

        public override int Count => (x.Dim(0) + batchSize - 1) / batchSize;

        public override Batch GetBatch(int index)
        {
            Requested.Add(index);
            if (Override is not null) return Override(index);
            int start = index * batchSize, rows = Math.Min(batchSize, x.Dim(0) - start);
            return (x.Rows(start, rows), y.Rows(start, rows));
        }

        public override void OnEpochBegin() => Begins++;
        public override void OnEpochEnd() => Ends++;
    }

    private static (Tensor X, Tensor Y) Floats(int n)
    {
        var (x, y) = Images(n);
        return (x.ToTensor() * (1f / 255f), y);
    }

    [Fact]
    public void ShuffleReordersWholeBatchesFromTheSeedAndHooksRunEachEpoch()
    {
        var (x, y) = Floats(80);
        var data = new RecordingDataset(x, y, batchSize: 10);
        Model(1).Fit(data, epochs: 3, verbose: 0, shuffle: true);
        Assert.Equal(3, data.Begins);
        Assert.Equal(3, data.Ends);
        Assert.Equal(24, data.Requested.Count);
        int[][] epochs = data.Requested.Chunk(8).ToArray();
        foreach (int[] order in epochs) Assert.Equal(Enumerable.Range(0, 8), order.Order());
        Assert.Contains(epochs, order => !order.SequenceEqual(Enumerable.Range(0, 8)));
        Assert.NotEqual(epochs[0], epochs[1]);

        var again = new RecordingDataset(x, y, batchSize: 10);
        Model(1).Fit(again, epochs: 3, verbose: 0, shuffle: true);
        Assert.Equal(data.Requested, again.Requested);

        var inOrder = new RecordingDataset(x, y, batchSize: 10);
        Model(1).Fit(inOrder, epochs: 2, verbose: 0, shuffle: false, stepsPerEpoch: 5);
        // Keras's EpochIterator carries the pass across epochs: batches 0–4, then 5–7 until the data runs out.
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], inOrder.Requested);
    }

    [Fact]
    public void TheSameBatchesInTheSameOrderTrainAsTheArrays()
    {
        var (x, y) = Floats(64);
        Sequential fromDataset = Model(2), fromArrays = Model(2);
        var validation = new RecordingDataset(x.Rows(0, 20), y.Rows(0, 20), batchSize: 20);
        History a = fromDataset.Fit(new RecordingDataset(x, y, batchSize: 16), epochs: 2, verbose: 0, shuffle: false, validationData: validation);
        History b = fromArrays.Fit(x, y, batchSize: 16, epochs: 2, verbose: 0, shuffle: false, validationData: (x.Rows(0, 20), y.Rows(0, 20)));
        Assert.Equal(b["loss"], a["loss"]);
        Assert.Equal(b["val_loss"], a["val_loss"]);
        Assert.Equal(b["val_accuracy"], a["val_accuracy"]);
        Assert.Equal(2, validation.Begins);
        for (int i = 0; i < 4; i++) Assert.Equal(fromArrays.GetWeights()[i].ToArray(), fromDataset.GetWeights()[i].ToArray());
    }

    [Fact]
    public void SampleWeightsAndClassWeightsFromBatchesCount()
    {
        var (x, y) = Floats(32);
        Sequential weighted = Model(3), plain = Model(3);
        var ones = new RecordingDataset(x, y, 16);
        Tensor doubled = Tensor.Full(2f, 16);
        var twice = new RecordingDataset(x, y, 16) { Override = i => (x.Rows(16 * i, 16), y.Rows(16 * i, 16), doubled) };
        History w = weighted.Fit(twice, epochs: 1, verbose: 0, shuffle: false);
        History p = plain.Fit(ones, epochs: 1, verbose: 0, shuffle: false, classWeight: new Dictionary<int, float> { [0] = 2f, [1] = 2f, [2] = 2f });
        Assert.Equal(w["loss"], p["loss"]);
        for (int i = 0; i < 4; i++) Assert.Equal(weighted.GetWeights()[i].ToArray(), plain.GetWeights()[i].ToArray());
    }

    [Fact]
    public void MalformedBatchesAreRefusedByName()
    {
        var (x, y) = Floats(40);
        Sequential model = Model(4);
        ArgumentException Fails(Func<int, Batch> batch) =>
            Assert.ThrowsAny<ArgumentException>(() => model.Fit(new RecordingDataset(x, y, 10) { Override = batch }, verbose: 0, shuffle: false));

        Assert.Contains("batch 0 has no Y", Fails(i => new Batch(x.Rows(0, 10))).Message);
        Tensor nan = x.Rows(10, 10).Clone();
        nan.Data[15] = float.NaN;
        Assert.Contains("batch 1 X contains NaN at sample 1", Fails(i => i == 1 ? (nan, y.Rows(10, 10)) : (x.Rows(0, 10), y.Rows(0, 10))).Message);
        Assert.Contains("same number of samples", Fails(i => (x.Rows(0, 10), y.Rows(0, 9))).Message);
        Assert.Contains("SampleWeight must have shape [10]", Fails(i => (x.Rows(0, 10), y.Rows(0, 10), Tensor.Ones(9))).Message);
        // A batch that does not fit the model fails before any step, with the layer's message.
        var wide = Tensor.Zeros(10, 13);
        Assert.Contains("13", Fails(i => (wide, y.Rows(0, 10))).Message);

        var empty = new RecordingDataset(x.Rows(0, 0), y.Rows(0, 0), 10);
        Assert.Contains("at least one batch; its Count is 0", Assert.Throws<ArgumentException>(() => model.Fit(empty, verbose: 0)).Message);
        Assert.Contains("at least one batch", Assert.Throws<ArgumentException>(() => model.Evaluate(empty)).Message);
        Assert.Throws<InvalidOperationException>(() => new Sequential(new Input(12), new Dense(1)).Fit(new RecordingDataset(x, y, 10)));
    }

    [Fact]
    public void EvaluateRunsTheHooksOnceAndRefusesBadBatches()
    {
        var (x, y) = Floats(30);
        Sequential model = Model(5);
        var data = new RecordingDataset(x, y, 8);
        IReadOnlyDictionary<string, float> scores = model.Evaluate(data);
        Assert.Equal([0, 1, 2, 3], data.Requested);
        Assert.Equal(1, data.Begins);
        Assert.Equal(1, data.Ends);
        Assert.Equal(model.Evaluate(x, y, batchSize: 8)["loss"], scores["loss"], 1e-6f);
        data.Override = i => new Batch(x.Rows(0, 8));
        Assert.Contains("batch 0 has no Y", Assert.Throws<ArgumentException>(() => model.Evaluate(data)).Message);
    }

    [Fact]
    public void PredictStacksTheBatchesOutputsInOrder()
    {
        var (x, y) = Images(70);
        Sequential model = Model(8);
        Tensor fromBatches = model.Predict(new ImageBatches(x, y, batchSize: 32, shuffle: false));
        Tensor fromArray = model.Predict(x.ToTensor() * (1f / 255f));
        Assert.Equal(new[] { 70, 3 }, fromBatches.Shape);
        Assert.Equal(fromArray.ToArray(), fromBatches.ToArray());
        var (fx, fy) = Floats(20);
        var bad = new RecordingDataset(fx, fy, 10) { Override = i => new Batch(i == 0 ? fx.Rows(0, 10) : Tensor.Full(float.NaN, 10, 12)) };
        Assert.Contains("batch 1 X contains NaN", Assert.Throws<ArgumentException>(() => model.Predict(bad)).Message);
    }

    [Fact]
    public void ByteImagesKeepTrainingFreeOfPerStepAllocation()
    {
        var (x, y) = Images(128 * 20);
        Sequential model = Model(6);
        var batches = new ImageBatches(x, y, batchSize: 128);
        model.Fit(batches, epochs: 1, verbose: 0, shuffle: false);
        long before = GC.GetAllocatedBytesForCurrentThread();
        model.Fit(batches, epochs: 5, verbose: 0, shuffle: false);
        long perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
        Assert.True(perStep <= 1024, $"{perStep} bytes per step");
    }
}
