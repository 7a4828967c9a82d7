// Backprop's TorchSharp peer (libtorch 2.10, CPU): the workloads of `Backprop.Bench mlp` and `Backprop.Bench convnet`,
// printing the same JSON fields as those scenarios and the PyTorch peers.
// Usage: dotnet run -c Release -- [mlp|convnet] [--data DIR] [--epochs N] [--threads N] [--seed 1] [--hidden 512]
using TorchSharpPeer;

return args.Length > 0 && args[0] == "convnet" ? Convnet.Run(args) : Mlp.Run(args);
