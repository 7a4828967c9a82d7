using Backprop.Bench;

return args.FirstOrDefault() switch
{
    "gemm" => GemmScenario.Run(args.Skip(1).ToArray()),
    "mlp" => MlpScenario.Run(args.Skip(1).ToArray()),
    "convnet" => ConvnetScenario.Run(args.Skip(1).ToArray()),
    "predict" => PredictScenario.Run(args.Skip(1).ToArray()),
    "alloc" => AllocScenario.Run(args.Skip(1).ToArray()),
    "elementwise" => ElementwiseScenario.Run(args.Skip(1).ToArray()),
    "serve" => ServeScenario.Run(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Backprop.Bench gemm | mlp [--data DIR] [--epochs N] [--threads N] | convnet [--data DIR] [--epochs N] [--threads N] [--seed N] | predict [--threads N] | alloc [convnet] | elementwise [--threads N] | serve [--clients 8] [--requests 500] [--server PredictServer.dll]");
    return 2;
}
