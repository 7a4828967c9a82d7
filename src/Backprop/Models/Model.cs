using Backprop.Callbacks;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Optimizers;

namespace Backprop;

/// <summary>
/// A Keras model: layers that map inputs to outputs, plus the training configuration set by
/// <see cref="Compile"/>, and Fit / Evaluate / Predict. <see cref="Sequential"/> is the usual one.
/// </summary>
public abstract partial class Model
{
    /// <summary>Creates a model; the name defaults to Keras's automatic one ("sequential", "sequential_1", …).</summary>
    protected Model(string? name)
    {
        Name = name ?? NameRegistry.Unique(NameRegistry.SnakeCase(GetType().Name));
    }

    /// <summary>The model's name.</summary>
    public string Name { get; }

    /// <summary>The layers, in order (an <see cref="Input"/> is not listed, as in Keras).</summary>
    public abstract IReadOnlyList<Layer> Layers { get; }

    /// <summary>Runs the model on a batch: <paramref name="training"/> turns on dropout and the like. Differentiable.</summary>
    public abstract Tensor Call(Tensor inputs, bool training = false);

    /// <summary>True when every layer has its weights.</summary>
    public bool Built => Layers.Count > 0 && Layers.All(l => l.Built);

    /// <summary>All weights in Keras's order (per layer: kernel, then bias).</summary>
    public IReadOnlyList<Tensor> Weights => Layers.SelectMany(l => l.Weights).ToArray();

    /// <summary>The weights the optimizer updates.</summary>
    public IReadOnlyList<Tensor> TrainableWeights => Layers.SelectMany(l => l.TrainableWeights).ToArray();

    /// <summary>The weights the optimizer leaves alone.</summary>
    public IReadOnlyList<Tensor> NonTrainableWeights => Layers.SelectMany(l => l.NonTrainableWeights).ToArray();

    /// <summary>Number of scalars in all weights.</summary>
    public int CountParams() => Layers.Sum(l => l.CountParams());

    /// <summary>Copies of all weights, in Keras's order.</summary>
    public IReadOnlyList<Tensor> GetWeights() => Weights.Select(w => w.Clone()).ToArray();

    /// <summary>Sets all weights from a list in Keras's order (as <see cref="GetWeights"/> returns).</summary>
    /// <exception cref="ArgumentException">The count or a shape differs.</exception>
    public void SetWeights(IReadOnlyList<Tensor> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        int expected = Layers.Sum(l => l.Weights.Count);
        if (weights.Count != expected)
            throw new ArgumentException($"Model '{Name}' has {expected} weights, got {weights.Count}.", nameof(weights));
        int i = 0;
        foreach (Layer layer in Layers)
            for (int w = 0; w < layer.Weights.Count; w++) layer.SetWeight(w, weights[i++]);
    }

    /// <summary>The optimizer set by <see cref="Compile"/>.</summary>
    public Optimizer? Optimizer { get; private set; }

    /// <summary>The loss set by <see cref="Compile"/>.</summary>
    public Loss? Loss { get; private set; }

    /// <summary>The metrics set by <see cref="Compile"/> (the loss is tracked separately). As in Keras 3, they are not
    /// weighted by Fit's or Evaluate's sample or class weights: see <see cref="WeightedMetrics"/>.</summary>
    public IReadOnlyList<Metric> Metrics { get; private set; } = [];

    /// <summary>The metrics set by <see cref="Compile"/> that are weighted by the sample and class weights (Keras's
    /// <c>weighted_metrics</c>); one whose name a plain metric already has is logged as "weighted_" + name.</summary>
    public IReadOnlyList<Metric> WeightedMetrics { get; private set; } = [];

    /// <summary>True after <see cref="Compile"/>.</summary>
    public bool Compiled => Optimizer is not null && Loss is not null;

    /// <summary>Set by a callback to end <c>Fit</c> after the current epoch.</summary>
    public bool StopTraining { get; set; }

    /// <summary>
    /// Configures training: an optimizer, a loss and metrics, each by Keras name or as an object.
    /// <code>model.Compile(optimizer: "rmsprop", loss: "categorical_crossentropy", metrics: ["accuracy"]);</code>
    /// </summary>
    /// <param name="optimizer">By Keras name or as an object.</param>
    /// <param name="loss">By Keras name or as an object.</param>
    /// <param name="metrics">Metrics computed without sample or class weights (Keras 3's <c>metrics</c>).</param>
    /// <param name="weightedMetrics">Metrics computed with them (Keras's <c>weighted_metrics</c>).</param>
    /// <exception cref="ArgumentException">A name is unknown (the message lists the known ones), or one metric object is
    /// given twice (its state would be updated twice per batch).</exception>
    public void Compile(OptimizerArgument optimizer, LossArgument loss, IEnumerable<MetricArgument>? metrics = null, IEnumerable<MetricArgument>? weightedMetrics = null)
    {
        Metric[] plain = (metrics ?? []).Select(m => m.Value).ToArray(), weighted = (weightedMetrics ?? []).Select(m => m.Value).ToArray();
        var seen = new HashSet<Metric>(ReferenceEqualityComparer.Instance);
        foreach (Metric m in plain.Concat(weighted))
            if (!seen.Add(m)) throw new ArgumentException($"The metric object '{m.Name}' is given to Compile twice; pass a new instance for each use.", nameof(metrics));
        Optimizer = optimizer.Value ?? throw new ArgumentNullException(nameof(optimizer));
        Loss = loss.Value ?? throw new ArgumentNullException(nameof(loss));
        (Metrics, WeightedMetrics) = (plain, weighted);
    }

    /// <summary>Prints Keras 3's summary table (layer, output shape, parameters, totals) and returns it.</summary>
    /// <param name="output">Where to print; the console by default. Pass <see cref="TextWriter.Null"/> to only get the string.</param>
    public string Summary(TextWriter? output = null)
    {
        string text = SummaryTable.Render(this);
        (output ?? Console.Out).Write(text);
        return text;
    }

    /// <summary>The input shape (without the batch axis) the model was declared or built with, if known.</summary>
    public abstract int[]? InputShape { get; }
}
