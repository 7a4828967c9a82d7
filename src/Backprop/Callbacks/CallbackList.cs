namespace Backprop.Callbacks;

/// <summary>
/// The callbacks of one Fit, called together at each hook (Keras's <c>CallbackList</c>, keras/src/callbacks/callback_list.py):
/// the user's, then the <see cref="History"/>, then the default progress bar unless a <see cref="ProgbarLogger"/> is
/// among them. Each knows the model and the run's parameters (epochs, steps, verbose) before the first hook.
/// </summary>
public sealed class CallbackList : Callback
{
    private readonly List<Callback> _callbacks = [];

    /// <summary>The callbacks for a run of <paramref name="model"/>, with Keras's defaults added.</summary>
    /// <param name="callbacks">The user's callbacks, or null.</param>
    /// <param name="model">The model being trained.</param>
    /// <param name="parameters">The run's parameters, as Keras's <c>params</c>.</param>
    /// <param name="progressBar">Adds a progress bar (verbose &gt; 0) when none is given.</param>
    /// <param name="history">Added after the user's callbacks, as Keras adds it.</param>
    /// <param name="output">Where the default progress bar writes.</param>
    public CallbackList(IEnumerable<Callback>? callbacks, Model model, IReadOnlyDictionary<string, int> parameters, bool progressBar, History? history, TextWriter? output = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (callbacks is not null) _callbacks.AddRange(callbacks);
        // Keras's _add_default_callbacks: History first, then the progress bar.
        bool addProgressBar = progressBar && !_callbacks.OfType<ProgbarLogger>().Any();
        if (history is not null) _callbacks.Add(history);
        if (addProgressBar) _callbacks.Add(new ProgbarLogger(output));
        Model = model;
        Params = parameters;
        foreach (Callback c in _callbacks) { c.Model = model; c.Params = parameters; }
        // Per-batch logs cost a dictionary each step: they are made only when some callback reads them.
        ListensToBatchEnd = _callbacks.Exists(c => c.ReadsBatchEndLogs);
    }

    /// <summary>The callbacks, in the order they are called.</summary>
    public IReadOnlyList<Callback> Callbacks => _callbacks;

    /// <summary>True when a callback overrides <see cref="Callback.OnTrainBatchEnd"/>.</summary>
    public bool ListensToBatchEnd { get; }

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, float> logs) { foreach (Callback c in _callbacks) c.OnTrainBegin(logs); }

    /// <inheritdoc/>
    public override void OnTrainEnd(IReadOnlyDictionary<string, float> logs) { foreach (Callback c in _callbacks) c.OnTrainEnd(logs); }

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, float> logs) { foreach (Callback c in _callbacks) c.OnEpochBegin(epoch, logs); }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, float> logs) { foreach (Callback c in _callbacks) c.OnEpochEnd(epoch, logs); }

    /// <inheritdoc/>
    public override void OnTrainBatchBegin(int batch, IReadOnlyDictionary<string, float> logs) { foreach (Callback c in _callbacks) c.OnTrainBatchBegin(batch, logs); }

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, float> logs) { foreach (Callback c in _callbacks) c.OnTrainBatchEnd(batch, logs); }
}
