using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Optimizers;

namespace Backprop;

/// <summary>An optimizer given to <see cref="Model.Compile(OptimizerArgument, LossArgument, IEnumerable{MetricArgument}?, IEnumerable{MetricArgument}?)"/> by Keras name ("rmsprop") or as an object.</summary>
public readonly struct OptimizerArgument
{
    private OptimizerArgument(Optimizer optimizer) => Value = optimizer;
    internal Optimizer Value { get; }
    /// <summary>By Keras name, with Keras's defaults.</summary>
    public static implicit operator OptimizerArgument(string name) => new(Optimizer.Get(name));
    /// <summary>A configured optimizer.</summary>
    public static implicit operator OptimizerArgument(Optimizer optimizer) => new(optimizer);
}
