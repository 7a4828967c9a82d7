namespace Backprop.Cli.Commands;

/// <summary>What a loaded model expects and gives, for the commands that feed it data from files.</summary>
internal static class SavedModelShapes
{
    /// <summary>Values per sample the model takes (its input shape, flattened).</summary>
    public static int FeatureCount(Model model) => model.InputShape!.Aggregate(1, (p, d) => p * d);

    /// <summary>Width of the model's output (the number of classes for a classifier).</summary>
    public static int OutputWidth(Model model)
    {
        int[] shape = model.InputShape!;
        foreach (var layer in model.Layers) shape = layer.ComputeOutputShape(shape);
        return shape[^1];
    }

    /// <summary>Rows of features reshaped to the model's input, after checking they have the features it was built for.</summary>
    public static Tensor ShapedForModel(Model model, Tensor x, string modelPath)
    {
        int expected = FeatureCount(model);
        if (x.Dim(1) != expected)
            throw new ArgumentException($"'{modelPath}' expects {expected} features per sample, the data has {x.Dim(1)}.");
        return x.Reshape([x.Dim(0), .. model.InputShape!]);
    }
}
