namespace Backprop.Regularizers;

/// <summary>A penalty on a weight added to the training loss (Keras's formulas: no ½ factor).</summary>
public abstract class Regularizer
{
    /// <summary>Keras's name.</summary>
    public abstract string Name { get; }

    /// <summary>The penalty for <paramref name="weight"/>, a differentiable scalar.</summary>
    public abstract Tensor Call(Tensor weight);

    /// <summary>Looks up a regularizer by Keras name with Keras's defaults (l1: 0.01, l2: 0.01, l1_l2: 0.01 and 0.01 as Keras's string form does).</summary>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static Regularizer Get(string name) => name.ToLowerInvariant() switch
    {
        "l1" => new L1(),
        "l2" => new L2(),
        "l1_l2" => new L1L2(0.01f, 0.01f),
        _ => throw new ArgumentException($"Unknown regularizer '{name}'. Known regularizers: l1, l2, l1_l2.", nameof(name)),
    };
}
