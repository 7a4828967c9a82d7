using Backprop.Callbacks;
using Backprop.Layers;

namespace Backprop.Tests.Callbacks;

/// <summary>Keras's CallbackList: the user's callbacks, History, then the default progress bar unless one is given,
/// each told the model and the run's parameters, every hook passed to all in order.</summary>
public class CallbackListTests
{
    private sealed class Recorder(List<string> log, string name) : Callback
    {
        public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, float> logs) => log.Add($"{name} begins {epoch}");
    }

    [Fact]
    public void TheListAddsKerassDefaultsAndCallsEveryCallbackInOrder()
    {
        var model = new Sequential(new Input(2), new Dense(1));
        var parameters = new Dictionary<string, int> { ["epochs"] = 3 };
        var log = new List<string>();
        var history = new History();
        var list = new CallbackList([new Recorder(log, "a"), new Recorder(log, "b")], model, parameters, progressBar: true, history, TextWriter.Null);
        Assert.Equal([typeof(Recorder), typeof(Recorder), typeof(History), typeof(ProgbarLogger)], list.Callbacks.Select(c => c.GetType()));
        Assert.All(list.Callbacks, c => Assert.Same(model, c.Model));
        Assert.All(list.Callbacks, c => Assert.Equal(3, c.Params["epochs"]));
        list.OnEpochBegin(4, new Dictionary<string, float>());
        Assert.Equal(["a begins 4", "b begins 4"], log);

        var own = new ProgbarLogger(TextWriter.Null);
        var given = new CallbackList([own], model, parameters, progressBar: true, history: null);
        Assert.Same(own, Assert.Single(given.Callbacks));
        Assert.Empty(new CallbackList(null, model, parameters, progressBar: false, history: null).Callbacks);
    }
}
