namespace Backprop.Metrics;

/// <summary>F1 = Fβ with β = 1 (Keras's F1Score: average null, threshold null by default).</summary>
public sealed class F1Score(string? average = null, float? threshold = null, string name = "f1_score") : FBetaScore(average, 1f, threshold, name)
{

    /// <inheritdoc/>
    protected override IDictionary<string, object?> OwnConfig() => new Dictionary<string, object?>
    {
        ["average"] = Average,
        ["threshold"] = Threshold,
        ["name"] = Name,
    };

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static new F1Score FromConfig(Serialization.KerasConfig config) => new(
        average: config.NullableString("average", null),
        threshold: config.NullableFloat("threshold", null),
        name: config.String("name", "f1_score"));
}
