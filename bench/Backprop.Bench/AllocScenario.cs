using Backprop.Autograd;
using Backprop.Layers;
using Backprop.Losses;

namespace Backprop.Bench;

/// <summary>Bytes allocated per part of one training step of the lecture's network (batch 128), after warm-up.</summary>
internal static class AllocScenario
{
    public static int Run(string[] args)
    {
        Utils.SetRandomSeed(1);
        var model = new Sequential(new Input(784), new Dense(512, activation: "relu"), new Dense(10, activation: "softmax"));
        model.Compile("rmsprop", "categorical_crossentropy", ["accuracy"]);
        Tensor x = Tensor.RandomUniform([128, 784], 0f, 1f);
        Tensor y = Utils.ToCategorical(Tensor.FromArray(Enumerable.Range(0, 128).Select(i => (float)(i % 10)).ToArray(), 128), 10);
        var arena = new TensorArena();
        var parts = new Dictionary<string, long>();
        for (int step = 0; step < 300; step++)
        {
            bool record = step >= 200;
            long mark = GC.GetAllocatedBytesForCurrentThread();
            void Part(string name)
            {
                long now = GC.GetAllocatedBytesForCurrentThread();
                if (record) parts[name] = parts.GetValueOrDefault(name) + now - mark;
                mark = now;
            }
            using (arena.BeginStep(128))
            {
                Part("begin step");
                IReadOnlyList<Tensor> trainable = model.TrainableWeights;
                Part("TrainableWeights");
                foreach (Tensor w in trainable) w.ZeroGrad();
                Tensor yPred = model.Call(x, training: true);
                Part("forward");
                Tensor loss = model.Loss!.Call(y, yPred);
                Part("loss");
                loss.Backward();
                Part("backward");
                model.Optimizer!.Apply(trainable);
                Part("optimizer");
                float value = loss.Item();
                foreach (var m in model.Metrics) m.UpdateState(y, yPred.Detach());
                Part("metrics");
            }
            Part("end step");
        }
        foreach (var (name, bytes) in parts) Console.WriteLine($"{name,-18} {bytes / 100,8} B/step");
        Console.WriteLine($"{"total",-18} {parts.Values.Sum() / 100,8} B/step");

        // The same step inside Fit: what the step itself costs, and what Fit adds between steps (logs, callbacks, gathering).
        Tensor xs = Tensor.RandomUniform([128 * 50, 784], 0f, 1f);
        Tensor ys = Utils.ToCategorical(Tensor.FromArray(Enumerable.Range(0, 128 * 50).Select(i => (float)(i % 10)).ToArray(), 128 * 50), 10);
        long inside = 0, between = 0, at = 0;
        int counted = 0;
        var probe = new Callbacks.LambdaCallback(
            onTrainBatchBegin: (step, _) => { long now = GC.GetAllocatedBytesForCurrentThread(); if (step > 5) between += now - at; at = now; },
            onTrainBatchEnd: (step, _) => { long now = GC.GetAllocatedBytesForCurrentThread(); if (step > 5) { inside += now - at; counted++; } at = now; });
        model.Fit(xs, ys, batchSize: 128, epochs: 2, verbose: 0, callbacks: [probe]);
        Console.WriteLine($"{"Fit: in the step",-18} {inside / counted,8} B/step");
        Console.WriteLine($"{"Fit: between",-18} {between / counted,8} B/step");
        return 0;
    }
}
