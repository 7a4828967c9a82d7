namespace Backprop.Layers;

/// <summary>Passes its input through and adds l1·Σ|x| + l2·Σx² of it to the loss (Keras's ActivityRegularization; defaults 0 and 0).</summary>
public sealed class ActivityRegularization : Layer
{
    /// <summary>Creates the layer.</summary>
    public ActivityRegularization(float l1 = 0f, float l2 = 0f, string? name = null) : base(name)
    {
        L1 = l1;
        L2 = l2;
        ActivityRegularizer = new Regularizers.L1L2(l1, l2);
    }

    /// <summary>The L1 factor.</summary>
    public float L1 { get; }
    /// <summary>The L2 factor.</summary>
    public float L2 { get; }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training) => inputs;

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["l1"] = L1;
        config["l2"] = L2;
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static ActivityRegularization FromConfig(Serialization.KerasConfig config) => new(
        l1: config.Float("l1", 0f),
        l2: config.Float("l2", 0f),
        name: config.NullableString("name", null));
}
