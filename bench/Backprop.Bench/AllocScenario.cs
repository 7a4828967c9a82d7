using Backprop.Autograd;
using Backprop.Layers;
using Backprop.Losses;

namespace Backprop.Bench;

/// <summary>Bytes allocated per part of one training step of the lecture's network (batch 128), after warm-up; with
/// <c>--model convnet</c>, of Keras's MNIST convnet, the forward pass split by layer.</summary>
internal static class AllocScenario
{
    public static int Run(string[] args)
    {
        Utils.SetRandomSeed(1);
        bool convnet = args.Contains("convnet");
        Sequential model = convnet
            ? new Sequential(new Input(28, 28, 1), new Conv2D(32, 3, activation: "relu"), new MaxPooling2D(2), new Conv2D(64, 3, activation: "relu"),
                new MaxPooling2D(2), new Flatten(), new Dropout(0.5f), new Dense(10, activation: "softmax"))
            : new Sequential(new Input(784), new Dense(512, activation: "relu"), new Dense(10, activation: "softmax"));
        model.Compile(convnet ? "adam" : "rmsprop", "categorical_crossentropy", ["accuracy"]);
        int[] sample = convnet ? [28, 28, 1] : [784];
        Tensor x = Tensor.RandomUniform([128, .. sample], 0f, 1f);
        Tensor y = Utils.ToCategorical(Tensor.FromArray(Enumerable.Range(0, 128).Select(i => (float)(i % 10)).ToArray(), 128), 10);
        var arena = new TensorArena();
        var parts = new Dictionary<string, long>();
        string[] layerParts = [.. model.Layers.Select(layer => "forward: " + layer.GetType().Name)];   // made once: a string per step would count
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
                Tensor yPred = x;
                for (int i = 0; i < model.Layers.Count; i++)
                {
                    yPred = model.Layers[i].Call(yPred, training: true);
                    Part(layerParts[i]);
                }
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

        // The same step inside Fit, begin to begin, with a probe on batch begins only (a batch-end listener would make
        // Fit build each batch's logs, which it otherwise skips).
        Tensor xs = Tensor.RandomUniform([128 * 50, .. sample], 0f, 1f);
        Tensor ys = Utils.ToCategorical(Tensor.FromArray(Enumerable.Range(0, 128 * 50).Select(i => (float)(i % 10)).ToArray(), 128 * 50), 10);
        long total = 0, at = 0;
        int counted = 0;
        var probe = new Callbacks.LambdaCallback(onTrainBatchBegin: (step, _) =>
        {
            long now = GC.GetAllocatedBytesForCurrentThread();
            if (step > 5) { total += now - at; counted++; }
            at = now;
        });
        model.Fit(xs, ys, batchSize: 128, epochs: 2, verbose: 0, callbacks: [probe]);
        Console.WriteLine($"{"Fit: one step",-18} {total / counted,8} B/step");
        return 0;
    }
}
