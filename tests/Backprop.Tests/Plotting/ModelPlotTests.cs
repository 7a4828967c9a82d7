using Backprop.Layers;
using Backprop.Plotting;
using SkiaSharp;

namespace Backprop.Tests.Plotting;

/// <summary>The picture of a model's graph: a box per layer on the row of its depth, an arrow per call, drawn as a PNG.</summary>
[Collection("Session")]
public sealed class ModelPlotTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bp-model-plot-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Model TwoBranch()
    {
        var image = new Input([4], name: "image");
        var side = new Input([2], name: "side");
        SymbolicTensor hidden = new Dense(3, name: "hidden").Call(image);
        return new Model([image, side], new Dense(1, name: "out").Call(new Concatenate(name: "join").Call([hidden, side])));
    }

    [Fact]
    public void TheLayoutPutsEachLayerOnItsDepthsRowWithAnArrowPerCall()
    {
        var (boxes, arrows) = ModelPlot.Layout(TwoBranch(), showShapes: true);
        // Keras's depths: out 0, join 1, hidden and side 2 (both feed join), image 3 → rows 0, −1, −1, −2, −3.
        Assert.Equal(new Dictionary<string, double> { ["image"] = 0, ["hidden"] = -1, ["side"] = -1, ["join"] = -2, ["out"] = -3 },
            boxes.ToDictionary(b => b.Layer.Name, b => b.Y));
        Assert.Equal([("hidden", "join"), ("image", "hidden"), ("join", "out"), ("side", "join")],
            arrows.Select(a => (a.From.Name, a.To.Name)).Order());
        Assert.Equal("join (Concatenate)\n(None, 5)", boxes.Single(b => b.Layer.Name == "join").Label);
        Assert.Equal("image (InputLayer)", ModelPlot.Layout(TwoBranch()).Boxes[0].Label[..18]);
    }

    [Fact]
    public void ThePictureIsAPngWithBoxesOnIt()
    {
        string path = Path.Combine(_folder, "model.png");
        ModelPlot.SavePng(TwoBranch(), path, showShapes: true);
        using SKBitmap bitmap = SKBitmap.Decode(path) ?? throw new InvalidDataException("not an image");
        Assert.Equal(520, bitmap.Width);
        Assert.Equal(440, bitmap.Height);
        Assert.True(bitmap.Pixels.Distinct().Count() > 3, "the picture is blank");
        var unbuilt = Assert.Throws<InvalidOperationException>(() => ModelPlot.Layout(new Sequential(new Dense(2))));
        Assert.Contains("no graph yet", unbuilt.Message);
    }
}
