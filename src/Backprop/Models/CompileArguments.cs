using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Optimizers;

namespace Backprop;

/// <summary>An optimizer given to <see cref="Model.Compile"/> by Keras name ("rmsprop") or as an object.</summary>
public readonly struct OptimizerArgument
{
    private OptimizerArgument(Optimizer optimizer) => Value = optimizer;
    internal Optimizer Value { get; }
    /// <summary>By Keras name, with Keras's defaults.</summary>
    public static implicit operator OptimizerArgument(string name) => new(Optimizer.Get(name));
    /// <summary>A configured optimizer.</summary>
    public static implicit operator OptimizerArgument(Optimizer optimizer) => new(optimizer);
}

/// <summary>A loss given to <see cref="Model.Compile"/> by Keras name ("categorical_crossentropy") or as an object.</summary>
public readonly struct LossArgument
{
    private LossArgument(Loss loss) => Value = loss;
    internal Loss Value { get; }
    /// <summary>By Keras name.</summary>
    public static implicit operator LossArgument(string name) => new(Loss.Get(name));
    /// <summary>A configured loss.</summary>
    public static implicit operator LossArgument(Loss loss) => new(loss);
}

/// <summary>A metric given to <see cref="Model.Compile"/> by Keras name ("accuracy") or as an object.</summary>
public readonly struct MetricArgument
{
    private MetricArgument(Metric metric) => Value = metric;
    internal Metric Value { get; }
    /// <summary>By Keras name.</summary>
    public static implicit operator MetricArgument(string name) => new(Metric.Get(name));
    /// <summary>A metric object.</summary>
    public static implicit operator MetricArgument(Metric metric) => new(metric);
}
