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
}
