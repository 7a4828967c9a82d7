using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Optimizers;

namespace Backprop;

/// <summary>A loss given to <see cref="Model.Compile(OptimizerArgument, LossArgument, IEnumerable{MetricArgument}?, IEnumerable{MetricArgument}?)"/> by Keras name ("categorical_crossentropy") or as an object.</summary>
public readonly struct LossArgument
{
    private LossArgument(Loss loss) => Value = loss;
    internal Loss Value { get; }
    /// <summary>By Keras name.</summary>
    public static implicit operator LossArgument(string name) => new(Loss.Get(name));
    /// <summary>A configured loss.</summary>
    public static implicit operator LossArgument(Loss loss) => new(loss);
}
