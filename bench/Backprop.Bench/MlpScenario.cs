namespace Backprop.Bench;

/// <summary>The lecture's network trained end to end; filled in with the Keras API.</summary>
internal static class MlpScenario
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("mlp: not built yet");
        return 2;
    }
}
