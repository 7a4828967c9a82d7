using Backprop.Bench;

return args.FirstOrDefault() switch
{
    "gemm" => GemmScenario.Run(args.Skip(1).ToArray()),
    "mlp" => MlpScenario.Run(args.Skip(1).ToArray()),
    "convnet" => ConvnetScenario.Run(args.Skip(1).ToArray()),
    "predict" => PredictScenario.Run(args.Skip(1).ToArray()),
    "alloc" => AllocScenario.Run(args.Skip(1).ToArray()),
    "elementwise" => ElementwiseScenario.Run(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Backprop.Bench gemm | mlp [--data DIR] [--epochs N] [--threads N] | convnet [--data DIR] [--epochs N] [--threads N] | predict [--threads N] | alloc | elementwise [--threads N]");
    return 2;
}
