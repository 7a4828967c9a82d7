namespace Backprop.Metrics;

/// <summary>
/// "accuracy" as Keras's compile resolves it: binary, sparse categorical or categorical accuracy,
/// chosen from the shapes on the first update.
/// </summary>
public sealed class Accuracy(string name = "accuracy") : Metric(name)
{
    /// <inheritdoc/>
    public override MetricDirection? Direction => MetricDirection.Up;

    private Metric? _resolved;

    /// <summary>The concrete metric once resolved.</summary>
    public Metric? Resolved => _resolved;

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        _resolved ??= Resolve(Name, yTrue.ShapeRef, yPred.ShapeRef);
        _resolved.UpdateState(yTrue, yPred, sampleWeight);
    }

    /// <inheritdoc/>
    public override float Result() => _resolved?.Result() ?? 0f;

    /// <inheritdoc/>
    public override void ResetState() => _resolved?.ResetState();

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["name"] = Name,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Accuracy FromConfig(Serialization.KerasConfig config) => new(
        name: config.String("name", "accuracy"));
}
