using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Optimizers;

namespace Backprop;

/// <summary>A metric given to <see cref="Model.Compile(OptimizerArgument, LossArgument, IEnumerable{MetricArgument}?, IEnumerable{MetricArgument}?)"/> by Keras name ("accuracy") or as an object.</summary>
public readonly struct MetricArgument
{
    private MetricArgument(Metric metric) => Value = metric;
    internal Metric Value { get; }
    /// <summary>By Keras name.</summary>
    public static implicit operator MetricArgument(string name) => new(Metric.Get(name));
    /// <summary>A metric object.</summary>
    public static implicit operator MetricArgument(Metric metric) => new(metric);
}
