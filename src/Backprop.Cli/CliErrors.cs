using System.CommandLine;

namespace Backprop.Cli;

/// <summary>Runs the command line so that a failure is one clear line on stderr and a non-zero exit code (a stack trace only with --verbose).</summary>
internal static class CliErrors
{
    public static int Run(RootCommand root, string[] args, TextWriter? errorOutput = null)
    {
        TextWriter error = errorOutput ?? Console.Error;
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            error.WriteLine($"error: {parsed.Errors[^1].Message} (see --help)");   // the last is the most specific ("Unrecognized ... 'x'" after "Required command")
            return 2;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or FormatException or UnauthorizedAccessException or NotSupportedException)
        {
            string message = e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", "") : e.Message;
            error.WriteLine($"error: {message}");
            if (args.Contains("--verbose")) error.WriteLine(e);
            return 1;
        }
    }
}
