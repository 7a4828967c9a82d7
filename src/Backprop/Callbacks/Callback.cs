namespace Backprop.Callbacks;

/// <summary>
/// Keras's callback hooks, called by <c>Model.Fit</c>. Logs map names ("loss", "accuracy",
/// "val_loss", …) to values: per batch the running means so far in the epoch, per epoch the final ones.
/// </summary>
public abstract class Callback
{
    /// <summary>Whether this callback does anything at a batch's end: Fit builds each batch's logs only when some callback
    /// does. By default, whether the class overrides <see cref="OnTrainBatchEnd"/>.</summary>
    internal virtual bool ReadsBatchEndLogs => GetType().GetMethod(nameof(OnTrainBatchEnd))!.DeclaringType != typeof(Callback);

    /// <summary>The model being trained (set by Fit before OnTrainBegin).</summary>
    public Model? Model { get; internal set; }

    /// <summary>Training parameters Fit passes: "epochs", "steps", "verbose".</summary>
    public IReadOnlyDictionary<string, int> Params { get; internal set; } = new Dictionary<string, int>();

    /// <summary>Before the first epoch.</summary>
    public virtual void OnTrainBegin(IReadOnlyDictionary<string, float> logs) { }
    /// <summary>After the last epoch (or when training stops early).</summary>
    public virtual void OnTrainEnd(IReadOnlyDictionary<string, float> logs) { }
    /// <summary>At the start of an epoch (0-based).</summary>
    public virtual void OnEpochBegin(int epoch, IReadOnlyDictionary<string, float> logs) { }
    /// <summary>At the end of an epoch (0-based), with training and validation logs.</summary>
    public virtual void OnEpochEnd(int epoch, IReadOnlyDictionary<string, float> logs) { }
    /// <summary>Before a training batch (0-based within the epoch).</summary>
    public virtual void OnTrainBatchBegin(int batch, IReadOnlyDictionary<string, float> logs) { }
    /// <summary>After a training batch, with the epoch's running logs.</summary>
    public virtual void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, float> logs) { }
}
