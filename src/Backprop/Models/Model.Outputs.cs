using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Optimizers;

namespace Backprop;

// What Compile sets per output for a model with several outputs: Keras 3's CompileLoss and CompileMetrics
// (keras/src/trainers/compile_utils.py).
public partial class Model
{
    private Loss[] _losses = [];
    private float[]? _lossWeights;
    private Metric[][] _outputMetrics = [];
    private Mean[] _outputLossTrackers = [];

    /// <summary>The loss of each output, in the order of <see cref="Model.Outputs"/> (one loss given to Compile applies to every output, as in Keras).</summary>
    public IReadOnlyList<Loss> Losses => _losses;

    /// <summary>The weight of each output's loss in the total loss, or null for all ones (Keras's <c>loss_weights</c>).</summary>
    public IReadOnlyList<float>? LossWeights => _lossWeights;

    /// <summary>The metrics of each output, in the order of <see cref="Model.Outputs"/>.</summary>
    public IReadOnlyList<IReadOnlyList<Metric>> OutputMetrics => _outputMetrics;

    internal int OutputCount => Graph?.Outputs.Length ?? 1;

    /// <summary>
    /// Configures training of a model with several outputs: one loss per output, in the order of <see cref="Outputs"/>
    /// (Keras's list form), the weight of each in the total loss, and each output's metrics. The logs then hold
    /// "loss" (the weighted total), "&lt;output&gt;_loss" for each output and "&lt;output&gt;_&lt;metric&gt;", as Keras 3 names them.
    /// <code>model.Compile("adam", ["categorical_crossentropy", "mse"], lossWeights: [1f, 0.5f], metrics: [["accuracy"], ["mae"]]);</code>
    /// </summary>
    /// <param name="optimizer">By Keras name or as an object.</param>
    /// <param name="loss">One loss per output.</param>
    /// <param name="lossWeights">One weight per output, or null for all ones.</param>
    /// <param name="metrics">One list of metrics per output, or null for none.</param>
    /// <exception cref="ArgumentException">A count differs from the number of outputs, a name is unknown, or one metric object is given twice.</exception>
    public void Compile(OptimizerArgument optimizer, IReadOnlyList<LossArgument> loss, IReadOnlyList<float>? lossWeights = null, IReadOnlyList<IReadOnlyList<MetricArgument>>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        int outputs = OutputCount;
        if (loss.Count != outputs) throw new ArgumentException($"Model '{Name}' has {outputs} output(s) ({string.Join(", ", OutputNames)}), so it needs as many losses; got {loss.Count}.", nameof(loss));
        if (lossWeights is not null && lossWeights.Count != outputs)
            throw new ArgumentException($"Model '{Name}' has {outputs} output(s), so lossWeights needs as many values; got {lossWeights.Count}.", nameof(lossWeights));
        if (lossWeights is not null && lossWeights.Any(w => !float.IsFinite(w)))
            throw new ArgumentException($"lossWeights must be finite, got [{string.Join(", ", lossWeights)}].", nameof(lossWeights));
        if (metrics is not null && metrics.Count != outputs)
            throw new ArgumentException($"For a model with {outputs} outputs, metrics must have one list per output ({string.Join(", ", OutputNames)}); got {metrics.Count}.", nameof(metrics));
        Loss[] losses = [.. loss.Select(l => l.Value ?? throw new ArgumentNullException(nameof(loss)))];
        Metric[][] perOutput = metrics is null ? [.. Enumerable.Range(0, outputs).Select(_ => Array.Empty<Metric>())] : [.. metrics.Select(list => list.Select(m => m.Value).ToArray())];
        SetCompiled(optimizer, losses, lossWeights?.ToArray(), perOutput, outputs == 1 ? perOutput[0] : [], []);
    }

    /// <summary>
    /// The dictionary form of <see cref="Compile(OptimizerArgument, IReadOnlyList{LossArgument}, IReadOnlyList{float}?, IReadOnlyList{IReadOnlyList{MetricArgument}}?)"/>:
    /// losses, weights and metrics keyed by output name (<see cref="OutputNames"/>, the names of the layers that make the outputs).
    /// </summary>
    /// <param name="optimizer">By Keras name or as an object.</param>
    /// <param name="loss">A loss for every output name.</param>
    /// <param name="lossWeights">Weights by output name (an output not listed weighs 1), or null.</param>
    /// <param name="metrics">Metrics by output name (an output not listed has none), or null.</param>
    /// <exception cref="ArgumentException">A key is not an output name, or an output has no loss.</exception>
    public void Compile(OptimizerArgument optimizer, IReadOnlyDictionary<string, LossArgument> loss, IReadOnlyDictionary<string, float>? lossWeights = null,
        IReadOnlyDictionary<string, IReadOnlyList<MetricArgument>>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        IReadOnlyList<string> names = OutputNames.Count > 0 ? OutputNames : [Name];
        CheckOutputKeys(loss.Keys, names, nameof(loss));
        if (lossWeights is not null) CheckOutputKeys(lossWeights.Keys, names, nameof(lossWeights));
        if (metrics is not null) CheckOutputKeys(metrics.Keys, names, nameof(metrics));
        foreach (string name in names)
            if (!loss.ContainsKey(name)) throw new ArgumentException($"Output '{name}' of model '{Name}' has no loss; give one for each of: {string.Join(", ", names)}.", nameof(loss));
        Compile(optimizer, names.Select(n => loss[n]).ToArray(), lossWeights is null ? null : names.Select(n => lossWeights.GetValueOrDefault(n, 1f)).ToArray(),
            metrics is null ? null : names.Select(n => metrics.TryGetValue(n, out var m) ? m : []).ToArray());
    }

    private void CheckOutputKeys(IEnumerable<string> keys, IReadOnlyList<string> names, string parameter)
    {
        foreach (string key in keys)
            if (!names.Contains(key)) throw new ArgumentException($"'{key}' is not an output of model '{Name}'; its outputs are: {string.Join(", ", names)}.", parameter);
    }

    /// <summary>The one place compile state is set, for the single-loss form and the per-output forms.</summary>
    private void SetCompiled(OptimizerArgument optimizer, Loss[] losses, float[]? lossWeights, Metric[][] outputMetrics, Metric[] plain, Metric[] weighted)
    {
        var seen = new HashSet<Metric>(ReferenceEqualityComparer.Instance);
        // The plain metrics are the first output's (one output) or none (several), so counting the outputs' counts them.
        foreach (Metric m in outputMetrics.SelectMany(m => m).Concat(weighted))
            if (!seen.Add(m)) throw new ArgumentException($"The metric object '{m.Name}' is given to Compile twice; pass a new instance for each use.", "metrics");
        Optimizer = optimizer.Value ?? throw new ArgumentNullException(nameof(optimizer));
        Loss = losses[0];
        (_losses, _lossWeights, _outputMetrics) = (losses, lossWeights, outputMetrics);
        (Metrics, WeightedMetrics) = (plain, weighted);
        _outputLossTrackers = losses.Length > 1 ? [.. OutputNames.Select(n => new Mean(n + "_loss"))] : [];
    }

    /// <summary>The total loss of a batch: Σ weightᵢ · lossᵢ over the outputs; each unweighted lossᵢ is written to <paramref name="perOutput"/>.</summary>
    internal Tensor CompiledLoss(Tensor[] targets, Tensor[] predictions, Tensor? sampleWeight, float[] perOutput)
    {
        Tensor? total = null;
        for (int i = 0; i < _losses.Length; i++)
        {
            Tensor loss = _losses[i].Call(targets[i], predictions[i], sampleWeight);
            perOutput[i] = loss.Item();
            Tensor weighted = _lossWeights is null ? loss : loss * _lossWeights[i];
            total = total is null ? weighted : total + weighted;
        }
        return total!;
    }

    // Keras records each output's unweighted loss in a Mean named "<output>_loss", and updates each output's metrics
    // with that output's targets and predictions.
    internal void TrackOutputs(float loss, float[] perOutput, int batch, Tensor[] targets, Tensor[] predictions)
    {
        _lossTracker.Add(loss, batch);
        for (int i = 0; i < _outputLossTrackers.Length; i++) _outputLossTrackers[i].Add(perOutput[i], batch);
        for (int o = 0; o < _outputMetrics.Length; o++)
        {
            Tensor detached = predictions[o].Detach();
            foreach (Metric m in _outputMetrics[o]) m.UpdateState(targets[o], detached, null);
        }
    }
}
