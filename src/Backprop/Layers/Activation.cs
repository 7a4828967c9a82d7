using Backprop.Activations;

namespace Backprop.Layers;

/// <summary>Applies an activation function, like Keras's <c>Activation("relu")</c>.</summary>
public sealed class Activation : Layer
{
    /// <summary>An activation layer by Keras name.</summary>
    public Activation(string activation, string? name = null) : base(name)
    {
        Function = Activations.Activations.Get(activation);
    }

    /// <summary>The function applied.</summary>
    public ActivationFunction Function { get; }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training) => Function.Apply(inputs);

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["activation"] = Function.Name;
        return config;
    }

    /// <summary>Keras's <c>from_config</c>: the object its <c>get_config</c> describes; a missing key takes Keras's default.</summary>
    internal static Activation FromConfig(Serialization.KerasConfig config) => new(
        activation: config.String("activation"),
        name: config.NullableString("name", null));
}
