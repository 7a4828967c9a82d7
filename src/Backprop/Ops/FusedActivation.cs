namespace Backprop.Ops;

/// <summary>Activations a fused dense operation applies in its epilogue (derivative computed from the output).</summary>
internal enum FusedActivation { Linear, Relu, Tanh }

/// <summary>Which activations an op can fuse into its epilogue.</summary>
internal static class FusedActivations
{
    /// <summary>The fused form of <paramref name="activation"/>, or null when it runs after the op (softmax and sigmoid
    /// among them, which keep their logits for the crossentropy losses).</summary>
    public static FusedActivation? Of(Activations.ActivationFunction activation) => activation.Name switch
    {
        "linear" => FusedActivation.Linear,
        "relu" => FusedActivation.Relu,
        "tanh" => FusedActivation.Tanh,
        _ => null,
    };
}
