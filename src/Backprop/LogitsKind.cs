namespace Backprop;

/// <summary>Which squashing function produced a tensor from the logits it remembers.</summary>
internal enum LogitsKind { None, Softmax, Sigmoid }
