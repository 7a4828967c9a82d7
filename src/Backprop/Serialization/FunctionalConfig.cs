using System.Text.Json.Nodes;
using Backprop.Layers;

namespace Backprop.Serialization;

/// <summary>
/// A functional model's config as Keras 3 writes and reads it (keras/src/models/functional.py, <c>get_config</c>,
/// <c>serialize_node</c> and <c>functional_from_config</c>): <c>{"module": "keras.src.models.functional",
/// "class_name": "Functional", "config": {"name", "trainable", "layers", "input_layers", "output_layers"},
/// "registered_name": "Functional", "build_config": {"input_shape": null}}</c>. Each layer entry carries its
/// <c>name</c> and <c>inbound_nodes</c>: one <c>{"args": [x], "kwargs": {}}</c> per call in this model, where x is a
/// <c>__keras_tensor__</c> (or a list of them for a merge layer) whose <c>keras_history</c> is [layer, call index
/// counting only this model's calls, output index].
/// </summary>
internal static class FunctionalConfig
{
    public static JsonObject Serialize(Model model, int depth)
    {
        FunctionalGraph graph = model.Graph!;
        var layers = new JsonArray();
        foreach (Layer layer in graph.Layers)
        {
            JsonObject entry = ModelConfig.SerializeLayer(layer, depth);
            entry["name"] = layer.Name;
            var inbound = new JsonArray();
            foreach (Node node in OwnNodes(layer, graph))
                if (!node.IsInput) inbound.Add(NodeData(node, graph));
            entry["inbound_nodes"] = inbound;
            layers.Add(entry);
        }
        return new JsonObject
        {
            ["module"] = "keras.src.models.functional",
            ["class_name"] = "Functional",
            ["config"] = new JsonObject
            {
                ["name"] = model.Name,
                ["trainable"] = model.Trainable,
                ["layers"] = layers,
                ["input_layers"] = TensorList(graph.Inputs, model.InputsGivenAsList, graph),
                ["output_layers"] = TensorList(graph.Outputs, model.OutputsGivenAsList, graph),
            },
            ["registered_name"] = "Functional",
            ["build_config"] = new JsonObject { ["input_shape"] = null },
        };
    }

    private static List<Node> OwnNodes(Layer layer, FunctionalGraph graph)
    {
        lock (layer.InboundNodes) return layer.InboundNodes.Where(graph.Nodes.Contains).ToList();
    }

    // serialize_node: the tensors' call indices count only the calls that belong to this model.
    private static JsonObject NodeData(Node node, FunctionalGraph graph)
    {
        JsonNode argument = node.CalledWithList
            ? new JsonArray([.. node.Inputs.Select(t => (JsonNode)KerasTensor(t, graph))])
            : KerasTensor(node.Inputs[0], graph);
        var kwargs = new JsonObject();
        if (node.Training is { } training) kwargs["training"] = training;
        return new JsonObject { ["args"] = new JsonArray(argument), ["kwargs"] = kwargs };
    }

    private static JsonObject KerasTensor(SymbolicTensor tensor, FunctionalGraph graph) => new()
    {
        ["class_name"] = "__keras_tensor__",
        ["config"] = new JsonObject
        {
            ["shape"] = ModelConfig.BatchShape(tensor.ShapeArray),
            ["dtype"] = "float32",
            ["keras_history"] = new JsonArray(tensor.Layer.Name, LocalIndex(tensor.Producer, graph), tensor.OutputIndex),
        },
    };

    private static int LocalIndex(Node node, FunctionalGraph graph) => OwnNodes(node.Layer, graph).IndexOf(node);

    // get_config's input_layers and output_layers: [layer, index, output]; Keras counts a nested functional model's
    // calls from 1 there (a built-in node older Keras had), and functional_from_config subtracts the 1 back.
    private static JsonNode TensorList(SymbolicTensor[] tensors, bool asList, FunctionalGraph graph)
    {
        JsonArray Entry(SymbolicTensor t) =>
            new(t.Layer.Name, LocalIndex(t.Producer, graph) + (t.Layer is Model { Graph: not null } and not Sequential ? 1 : 0), t.OutputIndex);
        return asList ? new JsonArray([.. tensors.Select(t => (JsonNode)Entry(t))]) : Entry(tensors[0]);
    }

    public static Model Deserialize(JsonObject root, int depth)
    {
        if (root["config"] is not JsonObject config || config["layers"] is not JsonArray layerNodes)
            throw new InvalidDataException("the functional config has no 'layers' list.");
        string name = config["name"] is JsonValue n && n.TryGetValue(out string? text) ? text : "functional";
        var created = new Dictionary<string, Layer>();
        var order = new List<Layer>();
        var pending = new Dictionary<Layer, Queue<JsonNode?>>();
        foreach (JsonNode? layerNode in layerNodes)
        {
            if (layerNode is not JsonObject entry) throw new InvalidDataException($"a layer entry must be an object, got {layerNode?.ToJsonString() ?? "null"}.");
            Layer layer = ModelConfig.DeserializeLayer(entry, depth);
            string key = entry["name"] is JsonValue v && v.TryGetValue(out string? s) ? s : layer.Name;
            if (!created.TryAdd(key, layer)) throw new InvalidDataException($"two layers are named '{key}'.");
            if (entry["inbound_nodes"] is not JsonArray calls) throw new InvalidDataException($"layer '{key}' has no 'inbound_nodes' list.");
            order.Add(layer);
            if (calls.Count > 0) pending[layer] = new Queue<JsonNode?>(calls);
        }
        Rebuild(created, order, pending);
        var model = new Model(Tensors(config["input_layers"], created, out bool inputsAsList), Tensors(config["output_layers"], created, out bool outputsAsList), name);
        model.SetGivenForms(inputsAsList, outputsAsList);
        // Only a frozen model is frozen again: an unfrozen one keeps the flags its layers' configs gave them.
        if (config["trainable"] is JsonValue t && t.TryGetValue(out bool trainable) && !trainable) model.Trainable = false;
        return model;
    }

    /// <summary>
    /// Calls each layer on its inputs as the config says, each layer's calls in order. A call whose inputs are not made
    /// yet waits for them (a layer shared at different depths); each call is made once, so time is linear in the calls,
    /// and calls still waiting at the end are a loop or a reference to a call that never happens.
    /// </summary>
    private static void Rebuild(Dictionary<string, Layer> created, List<Layer> order, Dictionary<Layer, Queue<JsonNode?>> pending)
    {
        var waiting = new Dictionary<(Layer, int), List<Layer>>();
        var ready = new Queue<Layer>(order.Where(pending.ContainsKey));
        while (ready.TryDequeue(out Layer? layer))
        {
            Queue<JsonNode?> calls = pending[layer];
            while (calls.TryPeek(out JsonNode? call))
            {
                var (arguments, asList, training) = Arguments(layer, call, created);
                if (Missing(arguments) is { } missing)
                {
                    if (!waiting.TryGetValue(missing, out List<Layer>? list)) waiting[missing] = list = [];
                    list.Add(layer);
                    break;
                }
                Call(layer, arguments, asList, training);
                calls.Dequeue();
                if (waiting.Remove((layer, layer.InboundNodes.Count - 1), out List<Layer>? woken))
                    foreach (Layer w in woken) ready.Enqueue(w);
            }
        }
        foreach (Layer layer in order)
            if (pending.TryGetValue(layer, out Queue<JsonNode?>? calls) && calls.Count > 0)
                throw new InvalidDataException($"the graph cannot be rebuilt: layer '{layer.Name}' is called on a tensor no call makes (the graph has a loop or a missing layer call).");
    }

    private static (Layer, int)? Missing(List<(Layer Layer, int Node, int Output)> arguments)
    {
        foreach (var (layer, node, _) in arguments)
            if (node >= layer.InboundNodes.Count) return (layer, node);
        return null;
    }

    private static void Call(Layer layer, List<(Layer Layer, int Node, int Output)> arguments, bool asList, bool? training)
    {
        var inputs = new SymbolicTensor[arguments.Count];
        for (int i = 0; i < inputs.Length; i++)
        {
            var (source, node, output) = arguments[i];
            SymbolicTensor[] outputs = source.InboundNodes[node].Outputs;
            if (output >= outputs.Length) throw new InvalidDataException($"layer '{source.Name}' makes {outputs.Length} output(s), but output {output} of it is used.");
            inputs[i] = outputs[output];
        }
        try
        {
            if (!layer.Built && layer is not Merge && inputs.Length == 1) layer.PrepareForLoading(inputs[0].ShapeArray);
            layer.CallSymbolic(inputs, asList, training);
        }
        catch (ArgumentException e) { throw new InvalidDataException($"layer '{layer.Name}' cannot be called as the config says: {e.Message}", e); }
    }

    // A call's node data: {"args": [x], "kwargs": {}}, x a __keras_tensor__ or a list of them.
    private static (List<(Layer, int, int)> Arguments, bool AsList, bool? Training) Arguments(Layer layer, JsonNode? call, Dictionary<string, Layer> created)
    {
        if (call is not JsonObject data || data["args"] is not JsonArray { Count: 1 } args)
            throw new InvalidDataException($"a call of layer '{layer.Name}' must be {{\"args\": [tensor or list of tensors], \"kwargs\": {{}}}}, got {call?.ToJsonString() ?? "null"}.");
        bool? training = null;
        if (data["kwargs"] is JsonObject kwargs)
            foreach (var (key, value) in kwargs)
            {
                if (key == "training" && value is JsonValue v && v.TryGetValue(out bool mode)) training = mode;
                else if (value is not null) throw new NotSupportedException($"layer '{layer.Name}' is called with the argument '{key}', which Backprop does not support.");
            }
        bool asList = args[0] is JsonArray;
        IEnumerable<JsonNode?> tensors = args[0] is JsonArray list ? list : new[] { args[0] };
        return ([.. tensors.Select(t => History(t, layer, created))], asList, training);
    }

    private static (Layer, int, int) History(JsonNode? tensor, Layer caller, Dictionary<string, Layer> created)
    {
        if (tensor is not JsonObject o || o["class_name"]?.GetValue<string>() != "__keras_tensor__" || o["config"]?["keras_history"] is not JsonArray history)
            throw new InvalidDataException($"an argument of layer '{caller.Name}' must be a __keras_tensor__ with a keras_history, got {tensor?.ToJsonString() ?? "null"}.");
        return Reference(history, $"an input of layer '{caller.Name}'", created, nodeOffset: 0);
    }

    private static (Layer, int, int) Reference(JsonArray history, string what, Dictionary<string, Layer> created, int nodeOffset)
    {
        if (history is not [JsonValue nameNode, JsonValue nodeNode, JsonValue outputNode] || !nameNode.TryGetValue(out string? name)
            || !nodeNode.TryGetValue(out int node) || !outputNode.TryGetValue(out int output) || node - nodeOffset < 0 || output < 0)
            throw new InvalidDataException($"{what} must be [layer name, call index, output index], got {history.ToJsonString()}.");
        if (!created.TryGetValue(name, out Layer? layer)) throw new InvalidDataException($"{what} refers to layer '{name}', which the config does not have.");
        return (layer, node - nodeOffset, output);
    }

    // input_layers / output_layers: one [name, index, output] or a list of them.
    private static SymbolicTensor[] Tensors(JsonNode? node, Dictionary<string, Layer> created, out bool asList)
    {
        if (node is not JsonArray array || array.Count == 0) throw new InvalidDataException($"input_layers and output_layers must be lists, got {node?.ToJsonString() ?? "nothing"}.");
        asList = array[0] is JsonArray;
        IEnumerable<JsonArray> entries = asList
            ? array.Select(e => e as JsonArray ?? throw new InvalidDataException($"a model input or output must be [layer, index, output], got {e?.ToJsonString() ?? "null"}."))
            : [array];
        return [.. entries.Select(entry =>
        {
            Layer layer = created.TryGetValue(entry[0] is JsonValue v && v.TryGetValue(out string? s) ? s : "", out Layer? l) ? l
                : throw new InvalidDataException($"a model input or output refers to an unknown layer: {entry.ToJsonString()}.");
            var (source, index, output) = Reference(entry, "a model input or output", created, nodeOffset: layer is Model { Graph: not null } and not Sequential ? 1 : 0);
            if (index >= source.InboundNodes.Count || output >= source.InboundNodes[index].Outputs.Length)
                throw new InvalidDataException($"a model input or output refers to a call of layer '{source.Name}' that does not exist: {entry.ToJsonString()}.");
            return source.InboundNodes[index].Outputs[output];
        })];
    }
}
