namespace Backprop.Regularizers;

/// <summary>A penalty on a weight added to the training loss (Keras's formulas: no ½ factor).</summary>
public abstract class Regularizer
{
    /// <summary>Keras's name.</summary>
    public abstract string Name { get; }

    /// <summary>Keras's <c>get_config</c>: the settings a file holds for this object (<see cref="OwnConfig"/>).</summary>
    public IDictionary<string, object?> GetConfig() => OwnConfig();

    /// <summary>This class's own settings under Keras's keys, in the order its files list them (each library class
    /// writes its own: a renamed C# parameter never changes a file). A class of the user's that does not override it
    /// is read from its constructor's parameters, as Keras's default <c>cls(**config)</c> is.</summary>
    protected virtual IDictionary<string, object?> OwnConfig() => Serialization.KerasConfigWriter.ConstructorConfig(this);

    /// <summary>The penalty for <paramref name="weight"/>, a differentiable scalar.</summary>
    public abstract Tensor Call(Tensor weight);

    /// <summary>Looks up a regularizer by Keras 3's names, the class name or its snake case (keras/src/regularizers/__init__.py),
    /// each built with its class defaults: "l1"/"L1" is L1(0.01), "l2"/"L2" L2(0.01), "l1l2"/"L1L2" L1L2(0, 0).</summary>
    /// <exception cref="ArgumentException">The name is unknown; "l1_l2" (Keras 2's name, 0.01 and 0.01) says what to write instead.</exception>
    public static Regularizer Get(string name) => name switch
    {
        "l1" or "L1" => new L1(),
        "l2" or "L2" => new L2(),
        "l1l2" or "L1L2" => new L1L2(),
        "l1_l2" => throw new ArgumentException("Keras 3 has no regularizer named 'l1_l2': 'l1l2' is L1L2(l1: 0, l2: 0); for Keras 2's l1_l2 write new L1L2(0.01f, 0.01f).", nameof(name)),
        _ => throw new ArgumentException($"Unknown regularizer '{name}'. Known regularizers: l1 (L1), l2 (L2), l1l2 (L1L2).", nameof(name)),
    };
}
