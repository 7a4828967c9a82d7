using Backprop.Layers;
using Backprop.Ops;
using Backprop.Tests.Ops;

namespace Backprop.Tests.Layers.Preprocessing;

/// <summary>RandomTranslation, RandomRotation and RandomZoom: Keras's numpy backend (SciPy) on the same images and
/// transforms, hand-computed cases for each fill mode, the backward as the forward's transpose, seeding and configs.</summary>
[Collection("Session")]
public class AffineAugmentationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("affine-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static float[] Train(AffineAugmentation layer, Tensor x, int seed, out float[] transforms)
    {
        Utils.SetRandomSeed(seed);
        transforms = layer.DrawTransforms(x.Dim(0), x.Dim(1), x.Dim(2));
        Utils.SetRandomSeed(seed);
        return layer.Call(x, training: true).ToArray();
    }

    public static TheoryData<string, string> FillModesAndInterpolations()
    {
        var data = new TheoryData<string, string>();
        foreach (string fill in new[] { "reflect", "wrap", "constant", "nearest" })
            foreach (string interpolation in new[] { "bilinear", "nearest" })
                data.Add(fill, interpolation);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(FillModesAndInterpolations))]
    public void EachLayerAgreesWithKerasNumpyBackend(string fill, string interpolation)
    {
        KerasAffineTransform.Require();
        Utils.SetRandomSeed(11);
        Tensor x = Tensor.RandomUniform([4, 7, 6, 2], -3f, 5f);
        AffineAugmentation[] layers =
        [
            new RandomRotation(0.4, fill, interpolation, fillValue: 1.5f),
            new RandomTranslation((-0.7, 0.6), 0.9, fill, interpolation, fillValue: -2f),
            new RandomZoom((-0.6, 0.9), (-0.3, 0.5), fill, interpolation, fillValue: 0.25f),
            new RandomZoom(0.5, null, fill, interpolation),
        ];
        foreach (AffineAugmentation layer in layers)
        {
            float[] ours = Train(layer, x, 3, out float[] transforms);
            float[] keras = KerasAffineTransform.Run(x.ToArray(), x.Shape, transforms, interpolation, fill, layer.FillValue);
            Assert.Equal(keras.Length, ours.Length);
            for (int i = 0; i < ours.Length; i++)
                Assert.True(Math.Abs(ours[i] - keras[i]) <= 1e-5 * Math.Max(1, Math.Abs(keras[i])),
                    $"{layer.GetType().Name} {fill}/{interpolation}: value {i} is {ours[i]}, Keras's numpy backend gives {keras[i]}");
        }
    }

    [Fact]
    public void EachFillModeExtendsARowAsKerasDocumentsIt()
    {
        // One row [a b c d] = [1 2 3 4] moved right by 2 pixels; outside reads follow Keras's docstring patterns.
        Tensor row = Tensor.FromArray([1f, 2, 3, 4], 1, 1, 4, 1);
        float[] Shift(string fill) => Train(new RandomTranslation(0, (0.5, 0.5), fill, "nearest", fillValue: 9f), row, 1, out _);
        Assert.Equal([2f, 1, 1, 2], Shift("reflect"));    // (d c b a | a b c d | d c b a)
        Assert.Equal([3f, 4, 1, 2], Shift("wrap"));       // (a b c d | a b c d | a b c d)
        Assert.Equal([1f, 1, 1, 2], Shift("nearest"));    // (a a a a | a b c d | d d d d)
        Assert.Equal([9f, 9, 1, 2], Shift("constant"));   // (k k k k | a b c d | k k k k)
        // A shift of 1.5 pixels, bilinear: each output is the mean of two neighbours (constant: the fill for outside ones).
        Assert.Equal([9f, 5f, 1.5f, 2.5f], Train(new RandomTranslation(0, (0.375, 0.375), "constant", fillValue: 9f), row, 1, out _));
    }

    [Fact]
    public void AQuarterTurnIsNumpysRot90AndAHalvingZoomReadsTheCentre()
    {
        Tensor square = Tensor.FromArray(Enumerable.Range(0, 9).Select(i => (float)i).ToArray(), 1, 3, 3, 1);
        float[] turned = Train(new RandomRotation((0.25, 0.25), interpolation: "nearest"), square, 1, out _);
        // np.rot90 (counter-clockwise): out[y, x] = in[x, 2 − y].
        Assert.Equal([2f, 5, 8, 1, 4, 7, 0, 3, 6], turned);
        // Zoom 0.5 about the centre of a 5 × 5 image: output (y, x) reads (0.5y + 1, 0.5x + 1); bilinear reproduces a linear image exactly.
        Tensor ramp = Tensor.FromArray(Enumerable.Range(0, 25).Select(i => (float)i).ToArray(), 1, 5, 5, 1);
        float[] zoomed = Train(new RandomZoom((-0.5, -0.5)), ramp, 1, out _);
        for (int y = 0; y < 5; y++)
            for (int q = 0; q < 5; q++)
                Assert.Equal((0.5f * y + 1) * 5 + 0.5f * q + 1, zoomed[y * 5 + q], 5);
    }

    [Fact]
    public void TheBackwardIsTheForwardsTranspose()
    {
        // The op is affine in the images for fixed transforms: reference(v) = op(0) + Σ vⱼ·(op(eⱼ) − op(0)), in float64.
        int[] shape = [2, 4, 5, 2];
        int size = shape.Aggregate(1, (a, b) => a * b);
        float[] transforms = [0.9f, -0.4f, 1.3f, 0.35f, 1.1f, -0.8f, 0, 0, 1.2f, 0.1f, -1.6f, -0.2f, 0.8f, 2.1f, 0, 0];
        foreach (FillMode fill in Enum.GetValues<FillMode>())
            foreach (bool bilinear in new[] { true, false })
            {
                float[] Apply(float[] v) => AffineTransformOp.Transform(Tensor.FromArray(v, shape), transforms, bilinear, fill, 0.75f).ToArray();
                float[] zero = Apply(new float[size]);
                double[][] columns = Enumerable.Range(0, size).Select(j =>
                {
                    var e = new float[size];
                    e[j] = 1;
                    return Apply(e).Select((v, i) => (double)v - zero[i]).ToArray();
                }).ToArray();
                GradientCheck.Check(t => AffineTransformOp.Transform(t[0], transforms, bilinear, fill, 0.75f),
                    v => zero.Select((z, i) => z + Enumerable.Range(0, size).Sum(j => v[0][j] * columns[j][i])).ToArray(), [shape]);
            }
    }

    [Fact]
    public void InferenceIsTheIdentityTrainingIsSeededAndChannelsFirstIsThePermutation()
    {
        Utils.SetRandomSeed(2);
        Tensor x = Tensor.RandomNormal([3, 5, 6, 2]);
        var layer = new RandomRotation(0.2);
        Assert.Equal(x.ToArray(), layer.Call(x).ToArray());
        float[] once = Train(layer, x, 8, out _), again = Train(layer, x, 8, out _);
        Assert.Equal(once, again);
        Assert.NotEqual(x.ToArray(), once);
        Tensor first = PermuteOp.Permute(x, [0, 3, 1, 2]);
        Utils.SetRandomSeed(8);
        float[] channelsFirst = PermuteOp.Permute(new RandomRotation(0.2, dataFormat: "channels_first").Call(first, training: true), [0, 2, 3, 1]).ToArray();
        Assert.Equal(once, channelsFirst);
    }

    [Fact]
    public void BadArgumentsAndInputsAreRefusedWithTheirNames()
    {
        Assert.Contains("Unknown fill_mode 'mirror'", Assert.Throws<ArgumentException>(() => new RandomRotation(0.1, fillMode: "mirror")).Message);
        Assert.Contains("Unknown interpolation 'bicubic'", Assert.Throws<ArgumentException>(() => new RandomZoom(0.1, interpolation: "bicubic")).Message);
        Assert.Contains("height_factor argument should be a number (or a list of two numbers) in the range [-1.0, 1.0], got -1.5",
            Assert.Throws<ArgumentException>(() => new RandomTranslation(1.5, 0.1)).Message);
        Assert.Contains("in the range (-1.0, 1.0], got -1", Assert.Throws<ArgumentException>(() => new RandomZoom((-1.0, 0.2))).Message);
        Assert.Contains("factor argument", Assert.Throws<ArgumentException>(() => new RandomRotation((0.5, 1.2))).Message);
        var e = Assert.Throws<ArgumentException>(() => new RandomZoom(0.2, name: "zoom").Call(Tensor.Zeros(4, 5, 3), training: true));
        Assert.Contains("RandomZoom 'zoom' expects images of rank 4 (batch, height, width, channels), got (None, 5, 3)", e.Message);
    }

    [Fact]
    public void AModelWithEveryAugmentationSavesAndLoadsAndTrainsOnIdentically()
    {
        Utils.SetRandomSeed(4);
        var model = new Sequential(
            [
                new Input(8, 8, 1),
                new RandomFlip("horizontal"),
                new RandomTranslation(0.1, (-0.2, 0.1), fillMode: "constant", fillValue: 0.5f),
                new RandomRotation(0.05, fillMode: "nearest"),
                new RandomZoom((-0.1, 0.2), 0.1, fillMode: "wrap", interpolation: "nearest"),
                new RandomContrast(0.2f),
                new Conv2D(2, 3, activation: "relu"),
                new Flatten(),
                new Dense(2, activation: "softmax"),
            ]);
        model.Compile("adam", "categorical_crossentropy");
        Tensor x = Tensor.RandomUniform([6, 8, 8, 1], 0f, 255f), y = Utils.ToCategorical(Tensor.FromArray([0f, 1, 0, 1, 1, 0]), 2);
        model.Fit(x, y, epochs: 1, batchSize: 3, verbose: 0);
        string path = Path.Combine(_folder, "augmented.keras");
        model.Save(path);
        Model loaded = Model.Load(path);
        Assert.Equal(model.Predict(x).ToArray(), loaded.Predict(x).ToArray());
        Utils.SetRandomSeed(9);
        model.Fit(x, y, epochs: 1, batchSize: 6, verbose: 0, shuffle: false);
        Utils.SetRandomSeed(9);
        loaded.Fit(x, y, epochs: 1, batchSize: 6, verbose: 0, shuffle: false);
        Assert.Equal(model.Predict(x).ToArray(), loaded.Predict(x).ToArray());
        var zoom = (RandomZoom)loaded.Layers[3];
        Assert.Equal((new FactorRange(-0.1f, 0.2f), (FactorRange?)new FactorRange(-0.1f, 0.1f), "wrap", "nearest"), (zoom.HeightFactor, zoom.WidthFactor, zoom.FillMode, zoom.Interpolation));
    }
    [Fact]
    public void TheGuidesAugmentedConvnetTrainsAndPredictsUnaugmented()
    {
        Utils.SetRandomSeed(6);
        // docs/guide.md, section 8b, as written there (Keras's doubles, not floats).
        var augmented = new Sequential(
            new Input(28, 28, 1),
            new RandomRotation(0.05),
            new RandomTranslation(0.1, 0.1),
            new RandomZoom(0.1, fillMode: "constant"),
            new Conv2D(32, 3, activation: "relu"),
            new MaxPooling2D(2),
            new Flatten(),
            new Dense(10, activation: "softmax"));
        augmented.Compile(loss: "categorical_crossentropy", optimizer: "adam", metrics: ["accuracy"]);
        Tensor x = Tensor.RandomUniform([16, 28, 28, 1], 0f, 1f), y = Utils.ToCategorical(Tensor.FromArray([.. Enumerable.Range(0, 16).Select(i => (float)(i % 10))]), 10);
        var history = augmented.Fit(x, y, batchSize: 8, epochs: 2, verbose: 0);
        Assert.All(history["loss"], l => Assert.True(float.IsFinite(l)));
        // Inference skips the augmentation: the same images give the same outputs twice.
        Assert.Equal(augmented.Predict(x).ToArray(), augmented.Predict(x).ToArray());
    }
}
