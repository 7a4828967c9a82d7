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
        JsonObject root = Serialize(model, depth: 0);
        if (model.Compiled) root["compile_config"] = CompileConfig(model);
        return root;
    }

    // Each nested model adds three levels to config.json, whose reader stops at 64: a model nested deeper than this
    // could be saved but not read back, so saving refuses it.
    internal const int MaxNesting = 16;

    /// <summary>A model's serialized form without its compile state: Sequential's or Functional's.</summary>
    private static JsonObject Serialize(Model model, int depth)
    {
        if (depth > MaxNesting) throw new NotSupportedException($"Model '{model.Name}' is nested more than {MaxNesting} models deep.");
        if (model is Sequential sequential) return SequentialConfig(sequential, depth);
        if (model.Graph is not null) return FunctionalConfig.Serialize(model, depth);
        // A subclassed model is its class and constructor arguments, as Keras writes one (get_config), and the shape it was built on.
        if (CustomObjects.RegisteredName(model.GetType()) is null)
            throw new NotSupportedException($"Model '{model.Name}' is a subclassed {model.GetType().Name}: register its class with CustomObjects.Register<{model.GetType().Name}>(package) and give it a GetConfig, or save its weights with SaveWeights.");
        int[] shape = model.InputShape ?? throw new InvalidOperationException($"Model '{model.Name}' is not built yet: call it on data before saving.");
        JsonObject serialized = KerasConfigWriter.Serialize(model);
        serialized["build_config"] = new JsonObject { ["input_shape"] = BatchShape(shape) };
        return serialized;
    }

    private static JsonObject SequentialConfig(Sequential model, int depth)
    {
        int[] inputShape = model.InputShape ?? throw new InvalidOperationException($"Model '{model.Name}' has no input shape yet: give it an Input or call it on data before saving.");
        var layers = new JsonArray { InputLayerConfig(inputShape, "input_layer") };
        foreach (Layer layer in model.Layers) layers.Add(SerializeLayer(layer, depth));
        return new JsonObject
        {
            ["module"] = "keras",
            ["class_name"] = "Sequential",
            ["config"] = new JsonObject { ["name"] = model.Name, ["trainable"] = model.Trainable, ["dtype"] = "float32", ["layers"] = layers },
            ["registered_name"] = null,
            ["build_config"] = new JsonObject { ["input_shape"] = BatchShape(inputShape) },
        };
    }

    /// <summary>Keras's InputLayer entry (its config as Keras 3.6 writes it).</summary>
    internal static JsonObject InputLayerConfig(int[] shape, string name) => new()
    {
        ["module"] = "keras.layers",
        ["class_name"] = "InputLayer",
        ["config"] = new JsonObject { ["batch_shape"] = BatchShape(shape), ["dtype"] = "float32", ["sparse"] = false, ["name"] = name },
        ["registered_name"] = null,
    };

    /// <summary>A layer as a model lists it: its serialized config and <c>build_config</c> (Keras's
    /// <c>serialize_keras_object</c>); a model used as a layer is its whole model config.</summary>
    internal static JsonObject SerializeLayer(Layer layer, int depth)
    {
        if (layer is Model inner) return Serialize(inner, depth + 1);
        if (layer is Input input) return InputLayerConfig(input.Shape, input.Name);
        JsonObject serialized = KerasConfigWriter.Serialize(layer);
        // Keras records the shapes build was called with: one shape, or the list of a merge layer's inputs.
        if (layer is Merge { InputShapes: { } shapes }) serialized["build_config"] = new JsonObject { ["input_shape"] = new JsonArray([.. shapes.Select(s => (JsonNode)BatchShape(s))]) };
        else if (layer.InputShape is { } shape) serialized["build_config"] = new JsonObject { ["input_shape"] = BatchShape(shape) };
        return serialized;
    }

    private static JsonObject CompileConfig(Model model)
    {
        // Several outputs: Keras keeps the structures compile was given, a list of losses, of weights and of metric lists.
        bool perOutput = model.Losses.Count > 1;
        return new JsonObject
        {
            ["optimizer"] = KerasConfigWriter.Serialize(model.Optimizer!),
            ["loss"] = perOutput ? new JsonArray([.. model.Losses.Select(l => (JsonNode)KerasConfigWriter.Serialize(l))]) : KerasConfigWriter.Serialize(model.Loss!),
            ["loss_weights"] = model.LossWeights is { } weights ? new JsonArray([.. weights.Select(w => (JsonNode)(double)w)]) : null,
            // Our Accuracy resolves by the loss, which is what Keras's string "accuracy" does; Keras's Accuracy class is exact equality.
            ["metrics"] = perOutput ? new JsonArray([.. model.OutputMetrics.Select(m => (JsonNode)MetricList(m))]) : MetricList(model.Metrics),
            ["weighted_metrics"] = model.WeightedMetrics.Count == 0 ? null : MetricList(model.WeightedMetrics),
            ["run_eagerly"] = false,
            ["steps_per_execution"] = 1,
            ["jit_compile"] = false,
        };
    }

    private static JsonArray MetricList(IReadOnlyList<Metric> metrics) =>
        new(metrics.Select(m => m is Accuracy { Name: "accuracy" } ? JsonValue.Create("accuracy") : (JsonNode)KerasConfigWriter.Serialize(m)).ToArray());

    internal static JsonArray BatchShape(int[] shape) => new([null, .. shape.Select(d => (JsonNode?)d)]);

    /// <summary>Rebuilds the model (layers built, weights not yet loaded) and, when <paramref name="compile"/>, its compile state.</summary>
    public static Model FromJson(JsonObject root, bool compile)
    {
        Model model = DeserializeModel(root, depth: 0);
        // Keras writes an empty compile_config for a model saved uncompiled.
        if (compile && root["compile_config"] is JsonObject { Count: > 0 } compileConfig) Compile(model, compileConfig);
        return model;
    }

    private static Model DeserializeModel(JsonObject root, int depth)
    {
        if (depth > MaxNesting) throw new InvalidDataException($"the config nests models more than {MaxNesting} deep.");
        string className = KerasConfigReader.String(root, "class_name");
        string? registered = root["registered_name"] is JsonValue r && r.TryGetValue(out string? name) ? name : null;
        return className switch
        {
            "Sequential" => SequentialFromJson(root, depth),
            "Functional" or "Model" => FunctionalConfig.Deserialize(root, depth),
            _ when CustomObjects.Find(typeof(Model), registered, className) is not null => SubclassedFromJson(root),
            _ => throw new InvalidDataException($"the model is a '{registered ?? className}'; Backprop loads Sequential and Functional models, and subclassed ones registered with CustomObjects.Register<T>(package) or given to Model.Load(path, customObjects: …)."),
        };
    }

    /// <summary>A subclassed model (Keras: a registered <c>keras.Model</c> subclass with its own <c>get_config</c>): made by
    /// its constructor from the config, then built as Keras's <c>build_from_config</c> builds it, by a call on its input shape.</summary>
    private static Model SubclassedFromJson(JsonObject root)
    {
        var model = (Model)KerasConfigReader.Deserialize<Layer>(root);
        if (root["build_config"]?["input_shape"] is JsonArray { Count: > 1 } shape)
        {
            // Keras may record the batch size it was built with ([2, 4]) or None; any batch builds the same weights.
            int[] dims = [.. shape.Select((d, i) => i == 0 ? 1 : d is JsonValue v && v.TryGetValue(out int size) && size > 0 ? size
                : throw new InvalidDataException($"the model's build_config input_shape must be [batch, positive sizes…], got {shape.ToJsonString()}."))];
            using (Autograd.Autograd.NoGrad()) model.Call(Tensor.Zeros(dims));
        }
        return model;
    }

    /// <summary>A layer from a model's layer list: a nested model, an InputLayer, or any other layer by its config.</summary>
    internal static Layer DeserializeLayer(JsonNode? node, int depth)
    {
        if (node is JsonObject o && o["class_name"] is JsonValue c && c.TryGetValue(out string? cls))
        {
            if (cls is "Sequential" or "Functional" or "Model") return DeserializeModel(o, depth + 1);
            // Keras serializes a Lambda's Python bytecode and loads it only with safe_mode=False; Backprop never runs code from a file.
            if (cls == "Lambda") throw new NotSupportedException("the model has a Lambda layer, whose function is Python code; Backprop does not run code from a file.");
            if (cls == "InputLayer")
            {
                string? name = o["config"]?["name"] is JsonValue n && n.TryGetValue(out string? text) ? text : null;
                return new Input(ShapeWithoutBatch(o["config"]?["batch_shape"], "the InputLayer's batch_shape"), name);
            }
        }
        return KerasConfigReader.Deserialize<Layer>(node);
    }

    private static Sequential SequentialFromJson(JsonObject root, int depth)
    {
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
            Layer layer = DeserializeLayer(node, depth);
            if (layers.Count == 0 && inputShape is null && node?["build_config"]?["input_shape"] is { } built)
                inputShape = ShapeWithoutBatch(built, $"layer '{layer.Name}''s build_config input_shape");
            layers.Add(layer);
        }
        if (layers.Count == 0) throw new InvalidDataException("the model has no layers.");
        if (inputShape is null) throw new InvalidDataException("the model's input shape is unknown (no InputLayer and no build_config).");
        Sequential model;
        try { model = Sequential.Restore(layers, name, inputShape); }
        catch (ArgumentException e) { throw new InvalidDataException("the layers do not fit together: " + e.Message, e); }
        // Only a frozen model is frozen again: an unfrozen one keeps the flags its layers' configs gave them.
        if (config["trainable"] is JsonValue t && t.TryGetValue(out bool trainable) && !trainable) model.Trainable = false;
        return model;
    }

    /// <summary>The compile state, in any of the structures Keras's compile accepts and writes back
    /// (compile_utils.py): one loss for every output or one per output (a list, or a dict by output name), loss weights
    /// likewise, and the metrics as one list (one output), a list per output, one metric per output, or a dict.</summary>
    private static void Compile(Model model, JsonObject config)
    {
        foreach (string key in new[] { "loss", "metrics", "weighted_metrics" })
            if (FunctionIn(config[key]) is { } function)
                throw new InvalidDataException($"compile_config's {key} is the function '{function}', whose code a .keras file does not hold; load with compile: false and compile the model again.");
        Optimizer optimizer = KerasConfigReader.Deserialize<Optimizer>(config["optimizer"]);
        IReadOnlyList<string> outputs = model.OutputNames.Count > 0 ? model.OutputNames : [model.Name];
        JsonNode? loss = config["loss"], weights = config["loss_weights"], metrics = config["metrics"];
        bool structured = loss is JsonArray || IsByName(loss);
        if (outputs.Count == 1 && !structured && weights is null)
        {
            model.Compile(optimizer, KerasConfigReader.Deserialize<Loss>(loss), MetricList(metrics), MetricList(config["weighted_metrics"]));
            return;
        }
        LossArgument[] losses = [.. PerOutput(loss, outputs, "loss", required: true).Select(l => (LossArgument)KerasConfigReader.Deserialize<Loss>(l))];
        float[]? lossWeights = weights is null ? null
            : [.. PerOutput(weights, outputs, "loss_weights", required: false).Select(w => w is null ? 1f : (float)w.GetValue<double>())];
        IReadOnlyList<MetricArgument>[]? perOutput = metrics switch
        {
            null => null,
            JsonArray list when outputs.Count == 1 && !list.Any(m => m is JsonArray) => [MetricList(list)],
            JsonArray list when list.All(m => m is JsonArray or null) => [.. PerOutput(list, outputs, "metrics", required: false).Select(MetricList)],
            _ => [.. PerOutput(metrics, outputs, "metrics", required: false)
                .Select(m => m is null or JsonArray ? MetricList(m) : (IReadOnlyList<MetricArgument>)[KerasConfigReader.Deserialize<Metric>(m)])],
        };
        model.Compile(optimizer, losses, lossWeights, perOutput);
    }

    // The name of a function serialized anywhere in a compile entry (Keras's {"class_name": "function", "config": name}).
    private static string? FunctionIn(JsonNode? node) => node switch
    {
        JsonObject o when o["class_name"] is JsonValue c && c.TryGetValue(out string? cls) && cls == "function" => o["config"]?.ToString() ?? "?",
        JsonObject o => o.Select(p => FunctionIn(p.Value)).FirstOrDefault(f => f is not null),
        JsonArray a => a.Select(FunctionIn).FirstOrDefault(f => f is not null),
        _ => null,
    };

    // A dict keyed by output name, as opposed to one serialized object (which has a class_name).
    private static bool IsByName(JsonNode? node) => node is JsonObject o && !o.ContainsKey("class_name");

    private static JsonNode?[] PerOutput(JsonNode? node, IReadOnlyList<string> outputs, string key, bool required)
    {
        if (node is JsonArray list)
        {
            if (list.Count != outputs.Count) throw new InvalidDataException($"compile_config's {key} has {list.Count} entries for {outputs.Count} outputs ({string.Join(", ", outputs)}).");
            return [.. list];
        }
        if (IsByName(node))
        {
            var byName = (JsonObject)node!;
            foreach (var (name, _) in byName)
                if (!outputs.Contains(name)) throw new InvalidDataException($"compile_config's {key} names '{name}', which is not an output ({string.Join(", ", outputs)}).");
            return [.. outputs.Select(o => byName[o] is { } v ? v : required ? throw new InvalidDataException($"compile_config's {key} has nothing for output '{o}'.") : null)];
        }
        if (key == "loss_weights" && outputs.Count > 1) throw new InvalidDataException($"compile_config's loss_weights must be a list or a dict for {outputs.Count} outputs, got {node?.ToJsonString()}.");
        return [.. outputs.Select(_ => node)];
    }

    private static IReadOnlyList<MetricArgument> MetricList(JsonNode? node)
    {
        var metrics = new List<MetricArgument>();
        if (node is JsonArray list)
            foreach (JsonNode? m in list) metrics.Add(KerasConfigReader.Deserialize<Metric>(m));
        return metrics;
    }

    internal static int[] ShapeWithoutBatch(JsonNode? node, string what)
    {
        if (node is not JsonArray array || array.Count < 2 || array.Skip(1).Any(d => d is not JsonValue v || !v.TryGetValue(out int size) || size <= 0))
            throw new InvalidDataException($"{what} must be [null, positive sizes…], got {node?.ToJsonString() ?? "nothing"}.");
        return array.Skip(1).Select(d => d!.GetValue<int>()).ToArray();
    }
}
