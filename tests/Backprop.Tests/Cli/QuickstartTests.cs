namespace Backprop.Tests.Cli;

public class QuickstartTests
{
    /// <summary>The README's quickstart is examples/MnistMlp/Program.cs, verbatim; the solution builds it and this runs it.</summary>
    [Fact]
    public void ReadmeQuickstartCompilesAndRuns()
    {
        string root = CliProcess.RepositoryRoot();
        string program = File.ReadAllText(Path.Combine(root, "examples", "MnistMlp", "Program.cs")).Replace("\r\n", "\n");
        string readme = File.ReadAllText(Path.Combine(root, "README.md")).Replace("\r\n", "\n");
        Assert.Contains("```csharp\n" + program + "```", readme);
        var (code, output, error) = CliProcess.Run("MnistMlp.dll");
        Assert.True(code == 0, error);
        Assert.Matches(@"test accuracy: 0\.9\d{3}", output);
    }
}
