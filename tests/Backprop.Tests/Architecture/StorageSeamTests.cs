using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Backprop.Tests.Architecture;

/// <summary>
/// The seams of docs/architecture.md, checked on the library's sources: only Ops/, Kernels/ and the Tensor*.cs files
/// touch a tensor's storage (its array, offset, span, or the constructor that wraps an array), and only Kernels/
/// uses SIMD types (System.Runtime.Intrinsics, System.Numerics.Vector) or the worker pool. Each test lists every use it finds elsewhere.
/// </summary>
public class StorageSeamTests
{
    private static readonly string[] StorageMembers = ["Data", "Offset", "Span"];

    private static bool MayTouchStorage(string file) =>
        file.StartsWith("Ops/", StringComparison.Ordinal) || file.StartsWith("Kernels/", StringComparison.Ordinal)
        || (!file.Contains('/') && file.StartsWith("Tensor", StringComparison.Ordinal));

    private static IEnumerable<string> Uses(Func<ISymbol, bool> forbidden, Func<string, bool> allowed)
    {
        var compilation = LibrarySources.Compilation;
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            string file = LibrarySources.Relative(tree);
            if (allowed(file)) continue;
            SemanticModel model = compilation.GetSemanticModel(tree);
            foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
            {
                if (node is not (SimpleNameSyntax or ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax)) continue;
                if (model.GetSymbolInfo(node).Symbol is { } symbol && forbidden(symbol))
                    yield return $"{file}:{node.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: {symbol.ToDisplayString()}";
            }
        }
    }

    private static bool IsTensor(INamedTypeSymbol? type) => type?.ToDisplayString() == "Backprop.Tensor";

    private static bool IsStorage(ISymbol symbol) => symbol switch
    {
        IFieldSymbol or IPropertySymbol when IsTensor(symbol.ContainingType) => StorageMembers.Contains(symbol.Name),
        // new Tensor(array, offset, shape) wraps storage without a copy.
        IMethodSymbol { MethodKind: MethodKind.Constructor } c when IsTensor(c.ContainingType) => c.Parameters.Any(p => p.Type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Single }),
        _ => false,
    };

    private static bool IsSimdOrPool(ISymbol symbol)
    {
        INamedTypeSymbol? type = symbol as INamedTypeSymbol ?? symbol.ContainingType;
        string ns = type?.ContainingNamespace?.ToDisplayString() ?? "";
        // System.Numerics.Vector<T> (and its static Vector class) is SIMD too; TensorPrimitives, in System.Numerics.Tensors, is not.
        bool numericsVector = ns == "System.Numerics" && type!.Name is "Vector" or "Vector2" or "Vector3" or "Vector4";
        return ns.StartsWith("System.Runtime.Intrinsics", StringComparison.Ordinal) || numericsVector || type?.ToDisplayString() == "Backprop.Kernels.WorkerPool";
    }

    [Fact]
    public void TheSourcesCompileSoEveryNameIsBound()
    {
        // CS8795: the other half of a [GeneratedRegex] partial method comes from a source generator the test does not run.
        var errors = LibrarySources.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS8795").Take(10).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.True(LibrarySources.Compilation.SyntaxTrees.Count() > 150, "the library's sources were not found");
    }

    [Fact]
    public void OnlyOpsKernelsAndTensorTouchTensorStorage()
    {
        var uses = Uses(IsStorage, MayTouchStorage).ToList();
        Assert.True(uses.Count == 0, $"{uses.Count} uses of tensor storage outside Ops/, Kernels/ and Tensor*.cs:\n" + string.Join("\n", uses));
    }

    [Fact]
    public void OnlyKernelsUseSimdTypesOrTheWorkerPool()
    {
        var uses = Uses(IsSimdOrPool, file => file.StartsWith("Kernels/", StringComparison.Ordinal)).ToList();
        Assert.True(uses.Count == 0, $"{uses.Count} uses of SIMD types or the worker pool outside Kernels/:\n" + string.Join("\n", uses));
    }

    [Fact]
    public void TheCheckSeesAUseItForbids()
    {
        // The detector itself, on Kernels/ (where storage use is allowed, so it must find plenty when not excused).
        Assert.NotEmpty(Uses(IsStorage, file => !file.StartsWith("Kernels/", StringComparison.Ordinal) && !file.StartsWith("Ops/", StringComparison.Ordinal)));
        Assert.NotEmpty(Uses(IsSimdOrPool, file => !file.StartsWith("Kernels/", StringComparison.Ordinal)));
    }
}
