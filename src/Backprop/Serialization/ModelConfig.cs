using System.Text.Json.Nodes;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Optimizers;

namespace Backprop.Serialization;

/// <summary>
/// A model's <c>config.json</c> in Keras 3's schema: <c>{"module": "keras", "class_name": "Sequential", "config":
/// {"name", "trainable", "dtype", "layers": [InputLayer, …]}, "registered_name", "build_config", "compile_config"}</c>,
/// each layer serialized with its own <c>build_config</c>, and the compile state (optimizer, loss, metrics) as Keras writes it.
/// </summary>
internal static class ModelConfig
{
    public static JsonObject ToJson(Model model)
    {
        if (model is not Sequential) throw new NotSupportedException($"Only Sequential models can be saved; '{model.Name}' is a {model.GetType().Name}.");
        int[] inputShape = model.InputShape ?? throw new InvalidOperationException($"Model '{model.Name}' has no input shape yet: give it an Input or call it on data before saving.");
        var layers = new JsonArray
        {
            new JsonObject
            {
                ["module"] = "keras.layers",
                ["class_name"] = "InputLayer",
                ["config"] = new JsonObject { ["batch_shape"] = BatchShape(inputShape), ["dtype"] = "float32", ["sparse"] = false, ["name"] = "input_layer" },
                ["registered_name"] = null,
            },
        };
        foreach (Layer layer in model.Layers)
        {
            JsonObject serialized = KerasConfigWriter.Serialize(layer);
            if (layer.InputShape is { } shape) serialized["build_config"] = new JsonObject { ["input_shape"] = BatchShape(shape) };
            layers.Add(serialized);
        }
        var root = new JsonObject
        {
            ["module"] = "keras",
            ["class_name"] = "Sequential",
            ["config"] = new JsonObject { ["name"] = model.Name, ["trainable"] = true, ["dtype"] = "float32", ["layers"] = layers },
            ["registered_name"] = null,
            ["build_config"] = new JsonObject { ["input_shape"] = BatchShape(inputShape) },
        };
        if (model.Compiled) root["compile_config"] = CompileConfig(model);
        return root;
    }

    private static JsonObject CompileConfig(Model model) => new()
    {
        ["optimizer"] = KerasConfigWriter.Serialize(model.Optimizer!),
        ["loss"] = KerasConfigWriter.Serialize(model.Loss!),
        ["loss_weights"] = null,
        // Our Accuracy resolves by the loss, which is what Keras's string "accuracy" does; Keras's Accuracy class is exact equality.
        ["metrics"] = MetricList(model.Metrics),
        ["weighted_metrics"] = model.WeightedMetrics.Count == 0 ? null : MetricList(model.WeightedMetrics),
        ["run_eagerly"] = false,
        ["steps_per_execution"] = 1,
        ["jit_compile"] = false,
    };

    private static JsonArray MetricList(IReadOnlyList<Metric> metrics) =>
        new(metrics.Select(m => m is Accuracy { Name: "accuracy" } ? JsonValue.Create("accuracy") : (JsonNode)KerasConfigWriter.Serialize(m)).ToArray());

    private static JsonArray BatchShape(int[] shape) => new([null, .. shape.Select(d => (JsonNode?)d)]);

    /// <summary>Rebuilds the model (layers built, weights not yet loaded) and, when <paramref name="compile"/>, its compile state.</summary>
    public static Sequential FromJson(JsonObject root, bool compile)
    {
        string className = KerasConfigReader.String(root, "class_name");
        if (className != "Sequential") throw new InvalidDataException($"the model is a '{className}'; Backprop loads Sequential models.");
        if (root["config"] is not JsonObject config || config["layers"] is not JsonArray layerNodes)
            throw new InvalidDataException("the config has no 'layers' list.");
        string name = config["name"] is JsonValue n && n.TryGetValue(out string? text) ? text : "sequential";
        int[]? inputShape = null;
        var layers = new List<Layer>();
        foreach (JsonNode? node in layerNodes)
        {
            if (node is JsonObject { } o && o["class_name"] is JsonValue c && c.TryGetValue(out string? cls) && cls == "InputLayer")
            {
                if (layers.Count > 0 || inputShape is not null) throw new InvalidDataException("an InputLayer may only come first.");
                inputShape = ShapeWithoutBatch(o["config"]?["batch_shape"], "the InputLayer's batch_shape");
                continue;
            }
            Layer layer = KerasConfigReader.Deserialize<Layer>(node);
            if (layers.Count == 0 && inputShape is null && node?["build_config"]?["input_shape"] is { } built)
                inputShape = ShapeWithoutBatch(built, $"layer '{layer.Name}''s build_config input_shape");
            layers.Add(layer);
        }
        if (layers.Count == 0) throw new InvalidDataException("the model has no layers.");
        if (inputShape is null) throw new InvalidDataException("the model's input shape is unknown (no InputLayer and no build_config).");
        Sequential model;
        try { model = Sequential.Restore(layers, name, inputShape); }
        catch (ArgumentException e) { throw new InvalidDataException("the layers do not fit together: " + e.Message, e); }
        if (compile && root["compile_config"] is JsonObject compileConfig) Compile(model, compileConfig);
        return model;
    }

    private static void Compile(Model model, JsonObject config)
    {
        Optimizer optimizer = KerasConfigReader.Deserialize<Optimizer>(config["optimizer"]);
        Loss loss = KerasConfigReader.Deserialize<Loss>(config["loss"]);
        model.Compile(optimizer, loss, MetricList(config["metrics"]), MetricList(config["weighted_metrics"]));
    }

    private static List<MetricArgument> MetricList(JsonNode? node)
    {
        var metrics = new List<MetricArgument>();
        if (node is JsonArray list)
            foreach (JsonNode? m in list) metrics.Add(KerasConfigReader.Deserialize<Metric>(m));
        return metrics;
    }

    private static int[] ShapeWithoutBatch(JsonNode? node, string what)
    {
        if (node is not JsonArray array || array.Count < 2 || array.Skip(1).Any(d => d is not JsonValue v || !v.TryGetValue(out int size) || size <= 0))
            throw new InvalidDataException($"{what} must be [null, positive sizes…], got {node?.ToJsonString() ?? "nothing"}.");
        return array.Skip(1).Select(d => d!.GetValue<int>()).ToArray();
    }
}
