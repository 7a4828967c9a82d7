using System.Numerics.Tensors;
using Backprop.Autograd;
using Backprop.Kernels;

namespace Backprop.Ops;

/// <summary>
/// Crossentropies computed from logits in one node each, numerically stable, with the short
/// backward the chain rule gives: softmax + categorical crossentropy → (softmax(z)·Σy − y)/N
/// (= (p − y)/N for one-hot y); sigmoid + binary crossentropy → (σ(z) − y)/(N·C).
/// Optional per-sample weights multiply each sample's loss; the sum is divided by N (Keras's
/// "sum_over_batch_size", which divides by the batch size, not by the sum of the weights).
/// </summary>
internal static class CrossEntropyOps
{
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static Tensor SoftmaxCategorical(Tensor logits, Tensor target, Tensor? sampleWeight)
    {
        int n = logits.Dim(0), c = logits.Dim(1);
        float[] logProbs = Tensor.Uninitialized(logits.ShapeRef).Data;   // recycled by Fit's arena; every element is written below
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> z = logits.Span.Slice(i * c, c);
            Span<float> lp = logProbs.AsSpan(i * c, c);
            SoftmaxOps.LogSoftmaxRow(z, lp);
            double row = -TensorPrimitives.Dot(target.Span.Slice(i * c, c), lp);
            total += row * Weight(sampleWeight, i);
        }
        // From the step arena in Fit (a scalar's shape is the shared empty array), with its node reused.
        Tensor loss = Tensor.Uninitialized([]);
        loss.Data[loss.Offset] = (float)(total / n);
        if (!GraphWalk.ShouldRecord(logits)) return loss;
        return GraphWalk.Record(loss, BackwardNode.Reuse<SoftmaxCategoricalNode>(loss).Set(logits, target, sampleWeight, logProbs));
    }

    /// <summary>Backward of the fused softmax + categorical crossentropy: a class with fields rather than a closure, so a training step reuses it.</summary>
    private sealed class SoftmaxCategoricalNode : BackwardNode
    {
        private Tensor _logits = null!, _target = null!;
        private Tensor? _sampleWeight;
        private float[] _logProbs = [];

        public SoftmaxCategoricalNode Set(Tensor logits, Tensor target, Tensor? sampleWeight, float[] logProbs)
        {
            (_logits, _target, _sampleWeight, _logProbs) = (logits, target, sampleWeight, logProbs);
            SetInputs(logits);
            return this;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public override void Backward(Tensor g)
        {
            Tensor logits = _logits, target = _target;
            int n = logits.Dim(0), c = logits.Dim(1);
            float scale = g.Data[g.Offset] / n;
            var dz = Tensor.Uninitialized(logits.ShapeRef);   // every element is written below
            for (int i = 0; i < n; i++)
            {
                Span<float> d = dz.Span.Slice(i * c, c);
                ReadOnlySpan<float> y = target.Span.Slice(i * c, c);
                KernelBackend.Current.Exp(_logProbs.AsSpan(i * c, c), d);
                TensorPrimitives.Multiply(d, TensorPrimitives.Sum(y), d);
                TensorPrimitives.Subtract(d, y, d);
                TensorPrimitives.Multiply(d, scale * Weight(_sampleWeight, i), d);
            }
            GraphWalk.Accumulate(logits, dz);
        }
    }

    public static Tensor SoftmaxSparse(Tensor logits, Tensor labels, Tensor? sampleWeight)
    {
        int n = logits.Dim(0), c = logits.Dim(1);
        float[] logProbs = Tensor.Uninitialized(logits.ShapeRef).Data;   // recycled by Fit's arena; every element is written below
        var classes = new int[n];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            classes[i] = (int)labels.Data[labels.Offset + i];
            SoftmaxOps.LogSoftmaxRow(logits.Span.Slice(i * c, c), logProbs.AsSpan(i * c, c));
            total += -logProbs[i * c + classes[i]] * Weight(sampleWeight, i);
        }
        var loss = Tensor.Scalar((float)(total / n));
        if (!GraphWalk.ShouldRecord(logits)) return loss;
        return GraphWalk.Record(loss, [logits], g =>
        {
            float scale = g.Data[g.Offset] / n;
            var dz = Tensor.Uninitialized([n, c]);   // every element is written below
            for (int i = 0; i < n; i++)
            {
                Span<float> d = dz.Span.Slice(i * c, c);
                KernelBackend.Current.Exp(logProbs.AsSpan(i * c, c), d);
                d[classes[i]] -= 1f;
                TensorPrimitives.Multiply(d, scale * Weight(sampleWeight, i), d);
            }
            GraphWalk.Accumulate(logits, dz);
        });
    }

    public static Tensor SigmoidBinary(Tensor logits, Tensor target, Tensor? sampleWeight)
    {
        int n = logits.Dim(0), c = logits.Size / Math.Max(1, n);
        double total = 0;
        ReadOnlySpan<float> z = logits.Span, y = target.Span;
        for (int i = 0; i < n; i++)
        {
            double row = 0;
            for (int j = i * c; j < (i + 1) * c; j++)
                row += Math.Max(z[j], 0) - z[j] * y[j] + Math.Log(1 + Math.Exp(-Math.Abs(z[j])));
            total += row / c * Weight(sampleWeight, i);
        }
        var loss = Tensor.Scalar((float)(total / n));
        if (!GraphWalk.ShouldRecord(logits)) return loss;
        return GraphWalk.Record(loss, [logits], g =>
        {
            float scale = g.Data[g.Offset] / (n * c);
            var dz = new Tensor(logits.ShapeRef);
            Span<float> d = dz.Span;
            TensorPrimitives.Sigmoid(logits.Span, d);
            TensorPrimitives.Subtract(d, target.Span, d);
            for (int i = 0; i < n; i++) TensorPrimitives.Multiply(d.Slice(i * c, c), scale * Weight(sampleWeight, i), d.Slice(i * c, c));
            GraphWalk.Accumulate(logits, dz);
        });
    }

    private static float Weight(Tensor? sampleWeight, int i) => sampleWeight is null ? 1f : sampleWeight.Data[sampleWeight.Offset + i];
}
