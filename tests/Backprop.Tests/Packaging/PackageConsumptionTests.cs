using System.Diagnostics;
using System.Text.RegularExpressions;
using Backprop.Tests.Cli;

namespace Backprop.Tests.Packaging;

/// <summary>
/// The packages as a new user meets them: packed from the built solution into a local folder, then a fresh console
/// app in a temporary folder with its own NuGet cache and a nuget.config that adds that folder to the user's sources
/// (so the library's own dependency comes from the ordinary registry) restores, builds and trains a few steps; and
/// the CLI installs as a dotnet tool into a temporary tool path and trains as <c>backprop</c>.
/// </summary>
public sealed class PackageConsumptionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bp-pack-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }   // a build server may still hold a file a moment longer; the temp folder is the system's
    }

    private (int Code, string Output) Dotnet(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (string a in args) start.ArgumentList.Add(a);
        // The test host's MSBuild settings would point a child build at the test run's SDK state.
        foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList()) start.Environment.Remove(key);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // A cache of its own: the user's global one may hold an older build of the same version.
        start.Environment["NUGET_PACKAGES"] = Path.Combine(_folder, "packages");
        return Run(start);
    }

    private static (int Code, string Output) Run(ProcessStartInfo start)
    {
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync(), error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(4)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} ran over 4 minutes");
        }
        return (process.ExitCode, output.Result + error.Result);
    }

    [Fact]
    public void PackagesInstallIntoAFreshAppAndTheToolRunsAsBackprop()
    {
        string root = CliProcess.RepositoryRoot(), feed = Path.Combine(_folder, "feed"), cache = Path.Combine(_folder, "packages");
        var (packed, packOutput) = Dotnet(root, "pack", "Backprop.slnx", "-c", "Release", "--no-build", "-o", feed);
        Assert.True(packed == 0, packOutput);
        string version = Regex.Match(File.ReadAllText(Path.Combine(root, "Directory.Build.props")), "<Version>([^<]+)</Version>").Groups[1].Value;
        foreach (string id in new[] { "Backprop", "Backprop.Onnx", "Backprop.Plotting", "Backprop.Cli" })
        {
            Assert.True(File.Exists(Path.Combine(feed, $"{id}.{version}.nupkg")), $"{id}.{version}.nupkg is missing: {packOutput}");
            Assert.True(File.Exists(Path.Combine(feed, $"{id}.{version}.snupkg")), $"{id}.{version}.snupkg (symbols) is missing");
        }
        using (var package = System.IO.Compression.ZipFile.OpenRead(Path.Combine(feed, $"Backprop.{version}.nupkg")))
        {
            string nuspec = new StreamReader(package.GetEntry("Backprop.nuspec")!.Open()).ReadToEnd();
            Assert.Contains("<license type=\"expression\">MIT</license>", nuspec);
            Assert.Contains("<readme>README.md</readme>", nuspec);
            Assert.Contains("<authors>The Backprop authors</authors>", nuspec);
            Assert.NotNull(package.GetEntry("buildTransitive/Backprop.props"));
        }

        // A user's app: nothing but the package reference and the SDK's defaults.
        string app = Directory.CreateDirectory(Path.Combine(_folder, "app")).FullName;
        File.WriteAllText(Path.Combine(_folder, "nuget.config"),
            $"""<?xml version="1.0" encoding="utf-8"?><configuration><packageSources><add key="backprop-local" value="{feed}" /></packageSources></configuration>""");
        File.WriteAllText(Path.Combine(app, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
              <ItemGroup><PackageReference Include="Backprop" Version="{version}" /></ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using Backprop;
            using Backprop.Datasets;
            using Backprop.Layers;
            var ((x, y), _) = MnistSample.LoadData();
            x = x.Reshape(-1, 784) / 255.0;
            var model = new Sequential(new Input(784), new Dense(32, activation: "relu"), new Dense(10, activation: "softmax"));
            model.Compile("rmsprop", "categorical_crossentropy", new[] { "accuracy" });
            var history = model.Fit(x[..512], Utils.ToCategorical(y[..512], 10), batchSize: 128, epochs: 1, verbose: 0);
            Console.WriteLine($"loss {history["loss"][0]} pgo {(AppContext.TryGetSwitch("System.Runtime.TieredPGO", out bool pgo) ? pgo : null)} quickjit {(AppContext.TryGetSwitch("System.Runtime.TieredCompilation.QuickJit", out bool quick) ? quick : null)}");
            """);
        var (ran, runOutput) = Dotnet(app, "run", "-c", "Release");
        Assert.True(ran == 0, runOutput);
        Match result = Regex.Match(runOutput, @"loss ([0-9.]+) pgo (\w*) quickjit (\w*)");
        Assert.True(result.Success, runOutput);
        Assert.InRange(double.Parse(result.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 0.01, 3.0);
        Assert.Equal("False", result.Groups[2].Value);   // the package's buildTransitive props turned tiered PGO off
        Assert.Equal("False", result.Groups[3].Value);   // and tier-0 compilation of code with no precompiled form
        Assert.True(Directory.Exists(Path.Combine(cache, "backprop", version)), "the app's own cache should hold the package");

        // The CLI as a dotnet tool, installed from the folder, run by its command name.
        string tools = Path.Combine(_folder, "tools");
        var (installed, installOutput) = Dotnet(_folder, "tool", "install", "Backprop.Cli", "--tool-path", tools, "--add-source", feed, "--version", version);
        Assert.True(installed == 0, installOutput);
        var start = new ProcessStartInfo(Path.Combine(tools, "backprop")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = app };
        foreach (string a in new[] { "train", "--epochs", "1" }) start.ArgumentList.Add(a);
        var (trained, trainOutput) = Run(start);
        Assert.True(trained == 0, trainOutput);
        Assert.Matches(@"test accuracy: 0\.\d{4}", trainOutput);
        var help = new ProcessStartInfo(Path.Combine(tools, "backprop")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        help.ArgumentList.Add("--help");
        Assert.Contains("Usage:\n  backprop [command] [options]", Run(help).Output);
    }
}
