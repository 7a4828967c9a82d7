using System.CommandLine;

namespace Backprop.Cli;

/// <summary>Runs the command line so that a failure is one clear line on stderr and a non-zero exit code (a stack trace only with --verbose).</summary>
internal static class CliErrors
{
    public static int Run(RootCommand root, string[] args)
    {
        ParseResult parsed = root.Parse(args);
        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or FormatException or UnauthorizedAccessException or NotSupportedException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            if (args.Contains("--verbose")) Console.Error.WriteLine(e);
            return 1;
        }
    }
}
