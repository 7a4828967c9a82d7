using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Backprop.Tests.Architecture;

/// <summary>The core library's sources, compiled by Roslyn with the references the build uses, so that tests can
/// ask which symbol every name in every file binds to (a text search cannot tell a tensor's Data from another's).</summary>
internal static class LibrarySources
{
    private static readonly Lazy<CSharpCompilation> Lazy = new(Compile);

    public static CSharpCompilation Compilation => Lazy.Value;

    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Backprop.slnx"))) return Path.Combine(dir.FullName, "src", "Backprop");
        throw new InvalidOperationException($"no Backprop.slnx above {AppContext.BaseDirectory}: the architecture tests read the library's sources.");
    }

    // The implicit usings of an SDK project (ImplicitUsings=enable), which the build generates into obj/.
    private const string GlobalUsings =
        "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; " +
        "global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;";

    private static CSharpCompilation Compile()
    {
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = Directory.EnumerateFiles(Root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f))
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), options, path: f))
            .Append(CSharpSyntaxTree.ParseText(GlobalUsings, options, path: "GlobalUsings.cs"))
            .ToList();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(System.Numerics.Tensors.TensorPrimitives).Assembly.Location)
            .Distinct()
            .Select(p => MetadataReference.CreateFromFile(p));
        return CSharpCompilation.Create("Backprop", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
    }

    private static bool IsBuildOutput(string path)
    {
        string relative = Path.GetRelativePath(Root, path).Replace('\\', '/');
        return relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal);
    }

    /// <summary>The path of a source file relative to src/Backprop, with forward slashes.</summary>
    public static string Relative(SyntaxTree tree) => Path.GetRelativePath(Root, tree.FilePath).Replace('\\', '/');
}
