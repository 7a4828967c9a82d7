using Backprop.Layers;

namespace Backprop.Tests.Models;

[Collection("Session")]
public class SummaryTests
{
    /// <summary>Fixtures/lecture_summary.txt was rendered by rich with Keras 3's summary code (make_summary_fixture.py beside it).</summary>
    [Fact]
    public void LectureModelSummaryMatchesKerasCharacterForCharacter()
    {
        Utils.ClearSession();
        var model = new Sequential(new Input(784), new Dense(512, activation: "relu"), new Dense(10, activation: "softmax"));
        string expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Models", "Fixtures", "lecture_summary.txt"));
        var printed = new StringWriter();
        string returned = model.Summary(printed);
        Assert.Equal(expected, returned);
        Assert.Equal(expected, printed.ToString());
    }

    [Fact]
    public void UnbuiltLayersSayUnbuilt()
    {
        Utils.ClearSession();
        var model = new Sequential(new Dense(4));
        string text = model.Summary(TextWriter.Null);
        Assert.Contains("│ dense (Dense)                   │ ?                      │   0 (unbuilt) │", text);
        Assert.Contains(" Total params: 0 (0.00 B)", text);
    }

    /// <summary>Fixtures/functional_summary.txt was rendered by rich with Keras 3's summary code for a functional model
    /// that is not a chain (make_functional_summary_fixture.py beside it): four columns, wrapped cells.</summary>
    [Fact]
    public void TwoBranchFunctionalSummaryMatchesKerasCharacterForCharacter()
    {
        Utils.ClearSession();
        var image = new Input(784);
        var side = new Input([3], name: "side");
        SymbolicTensor joined = new Concatenate().Call([new Dense(64, activation: "relu").Call(image), side]);
        var model = new Model([image, side], new Dense(10, activation: "softmax").Call(joined));
        string expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Models", "Fixtures", "functional_summary.txt"));
        Assert.Equal(expected, model.Summary(TextWriter.Null));
    }

    [Fact]
    public void AChainFunctionalModelGetsThreeColumnsWithItsInput()
    {
        // Keras's sequential_like functional model: the three-column table, the InputLayer listed as a row.
        Utils.ClearSession();
        var inputs = new Input(784);
        SymbolicTensor hidden = new Dense(32).Call(inputs);
        var model = new Model(inputs, new Dense(10).Call(hidden));
        string text = model.Summary(TextWriter.Null);
        Assert.Contains("│ input_layer (InputLayer)        │ (None, 784)            │             0 │", text);
        Assert.Contains("│ dense_1 (Dense)                 │ (None, 10)             │           330 │", text);
        Assert.DoesNotContain("Connected to", text);
    }
}
