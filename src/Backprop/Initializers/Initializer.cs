namespace Backprop.Initializers;

/// <summary>Creates the starting values of a weight, like a Keras initializer.</summary>
public abstract class Initializer
{
    /// <summary>Keras's name for it (in configs).</summary>
    public abstract string Name { get; }

    /// <summary>Keras's <c>get_config</c>: the settings a file holds for this object (<see cref="OwnConfig"/>).</summary>
    public IDictionary<string, object?> GetConfig() => OwnConfig();

    /// <summary>This class's own settings under Keras's keys, in the order its files list them (each library class
    /// writes its own: a renamed C# parameter never changes a file). A class of the user's that does not override it
    /// is read from its constructor's parameters, as Keras's default <c>cls(**config)</c> is.</summary>
    protected virtual IDictionary<string, object?> OwnConfig() => Serialization.KerasConfigWriter.ConstructorConfig(this);

    /// <summary>A new tensor of the given shape.</summary>
    public abstract Tensor Create(int[] shape);

    /// <summary>Keras's fan computation: for a 2-D kernel [in, out], fan_in = in and fan_out = out.</summary>
    protected static (double FanIn, double FanOut) Fans(int[] shape)
    {
        if (shape.Length == 0) return (1, 1);
        if (shape.Length == 1) return (shape[0], shape[0]);
        if (shape.Length == 2) return (shape[0], shape[1]);
        double receptive = 1;
        for (int i = 0; i < shape.Length - 2; i++) receptive *= shape[i];
        return (shape[^2] * receptive, shape[^1] * receptive);
    }

    /// <summary>Looks up an initializer by Keras name.</summary>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known ones.</exception>
    public static Initializer Get(string name) => name.ToLowerInvariant() switch
    {
        "glorot_uniform" => new GlorotUniform(),
        "glorot_normal" => new GlorotNormal(),
        "he_uniform" => new HeUniform(),
        "he_normal" => new HeNormal(),
        "zeros" => new Zeros(),
        "ones" => new Ones(),
        "lecun_uniform" => new LecunUniform(),
        "lecun_normal" => new LecunNormal(),
        "random_uniform" => new RandomUniform(),
        "random_normal" => new RandomNormal(),
        "truncated_normal" => new TruncatedNormal(),
        "constant" => new Constant(),
        "variance_scaling" => new VarianceScaling(),
        "orthogonal" => new Orthogonal(),
        "identity" => new Identity(),
        _ => throw new ArgumentException($"Unknown initializer '{name}'. Known initializers: glorot_uniform, glorot_normal, he_uniform, he_normal, lecun_uniform, lecun_normal, random_uniform, random_normal, truncated_normal, constant, variance_scaling, orthogonal, identity, zeros, ones.", nameof(name)),
    };
}
