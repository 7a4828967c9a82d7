using System.Diagnostics;

namespace Backprop.Tests.Serialization;

/// <summary>
/// Runs Debian's /usr/bin/python3 on a script, for checks against a second implementation (h5py, onnx).
/// A test that needs a module calls <see cref="Require"/>, which reports the test skipped, with the reason,
/// where the module is missing (.ci/run installs them).
/// </summary>
internal static class SystemPython
{
    private const string Python = "/usr/bin/python3";

    public static void Require(string module, string debianPackage)
    {
        bool present = File.Exists(Python) && Run($"import {module}", out _, out _) == 0;
        Skip.IfNot(present, $"{Python} with the '{module}' module is needed (apt-get install {debianPackage}); .ci/run installs it.");
    }

    /// <summary>Runs the script with the arguments; returns stdout, throwing with stderr if it fails.</summary>
    public static string RunChecked(string script, params string[] arguments)
    {
        int code = Run(script, out string stdout, out string stderr, arguments);
        if (code != 0) throw new InvalidOperationException($"python3 exited with {code}:\n{stderr}");
        return stdout;
    }

    private static int Run(string script, out string stdout, out string stderr, params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (string a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        stderr = error.Result;
        return process.ExitCode;
    }
}
