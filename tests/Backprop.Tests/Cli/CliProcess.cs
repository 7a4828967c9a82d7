using System.Diagnostics;

namespace Backprop.Tests.Cli;

/// <summary>Runs a built program of the solution (copied beside the tests) as a separate process.</summary>
internal static class CliProcess
{
    /// <summary>The repository's root folder (the one holding Backprop.slnx), found above the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Backprop.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("Backprop.slnx not found above the test directory.");
    }

    /// <summary>Runs in a fresh temporary folder (removed afterwards), so files a command writes by default land nowhere shared.</summary>
    public static (int ExitCode, string Output, string Error) Run(string assembly, params string[] args)
    {
        string folder = Directory.CreateTempSubdirectory("bp-cli-").FullName;
        try { return Run(assembly, folder, args); }
        finally { Directory.Delete(folder, recursive: true); }
    }

    public static (int ExitCode, string Output, string Error) Run(string assembly, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        foreach (string a in args) start.ArgumentList.Add(a);
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{assembly} {string.Join(' ', args)} ran over 3 minutes");
        }
        return (process.ExitCode, output.Result, error.Result);
    }
}
