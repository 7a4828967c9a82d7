namespace Backprop.Ops;

/// <summary>Activations a fused dense operation applies in its epilogue (derivative computed from the output).</summary>
internal enum FusedActivation { Linear, Relu, Tanh }
