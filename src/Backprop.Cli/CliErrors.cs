using System.CommandLine;
using System.Globalization;

namespace Backprop.Cli;

/// <summary>Runs the command line so that a failure is one clear line on stderr and a non-zero exit code (a stack trace only with --verbose).</summary>
internal static class CliErrors
{
    /// <summary>
    /// The parse error a person needs: an unknown option by name, with the closest known one ("--epoch 2" reported
    /// "Unrecognized command or argument '2'", the value, not the option); otherwise the most specific error (the last:
    /// "Unrecognized ... 'x'" comes after "Required command").
    /// </summary>
    internal static string ParseErrorMessage(ParseResult parsed, string[] args)
    {
        Command command = parsed.CommandResult.Command;
        var known = command.Options.Concat(command.Parents.OfType<Command>().SelectMany(c => c.Options.Where(o => o.Recursive)))
            .SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet();
        known.UnionWith(["--help", "-h", "-?", "--version"]);
        foreach (string token in args)
        {
            string name = token.Split('=')[0];
            if (!name.StartsWith('-') || known.Contains(name) || double.TryParse(name, CultureInfo.InvariantCulture, out _)) continue;
            string? closest = known.Where(k => k.StartsWith("--", StringComparison.Ordinal)).OrderBy(k => EditDistance(k, name)).FirstOrDefault();
            string hint = closest is not null && EditDistance(closest, name) <= 3 ? $"; did you mean {closest}?" : "";
            return $"unknown option '{name}' for '{command.Name}'{hint}";
        }
        return parsed.Errors[^1].Message;
    }

    private static int EditDistance(string a, string b)
    {
        var row = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) row[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }

    public static int Run(Command root, string[] args, TextWriter? errorOutput = null)
    {
        TextWriter error = errorOutput ?? Console.Error;
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            error.WriteLine($"error: {ParseErrorMessage(parsed, args)} (see --help)");
            return 2;
        }
        // Ctrl-C (SIGINT) ends the run as usual, after saying so; saves are atomic, so no half-written model is left.
        using var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, _ => error.WriteLine("Interrupted"));
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
