namespace Backprop.Cli.Commands;

/// <summary>What a loaded model expects and gives, for the commands that feed it data from files.</summary>
internal static class SavedModelShapes
{
    /// <summary>Values per sample the model takes (its input shape, flattened).</summary>
    public static int FeatureCount(Model model) => InputShape(model).Aggregate(1, (p, d) => p * d);

    /// <summary>Width of the model's output (the number of classes for a classifier).</summary>
    public static int OutputWidth(Model model) => model.ComputeOutputShape(InputShape(model))[^1];

    // The commands feed one tensor of features and read one of outputs.
    private static int[] InputShape(Model model)
    {
        if (model.InputShape is not { } shape || model.OutputNames.Count > 1)
            throw new ArgumentException($"Model '{model.Name}' has {model.Inputs.Count} input(s) and {model.Outputs.Count} output(s); the command line takes models with one of each.");
        return shape;
    }

    /// <summary>Rows of features reshaped to the model's input, after checking they have the features it was built for.</summary>
    public static Tensor ShapedForModel(Model model, Tensor x, string modelPath)
    {
        int expected = FeatureCount(model);
        if (x.Dim(1) != expected)
            throw new ArgumentException($"'{modelPath}' expects {expected} features per sample, the data has {x.Dim(1)}.");
        return x.Reshape([x.Dim(0), .. InputShape(model)]);
    }
}
