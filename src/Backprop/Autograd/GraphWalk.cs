namespace Backprop.Autograd;

/// <summary>Reverse-mode differentiation: a topological sort of the recorded graph and a reversed walk.</summary>
internal static class GraphWalk
{
    /// <summary>True when an operation on these inputs must be recorded.</summary>
    public static bool ShouldRecord(Tensor a) => a.RequiresGrad && Autograd.IsEnabled;

    public static bool ShouldRecord(Tensor a, Tensor b) => (a.RequiresGrad || b.RequiresGrad) && Autograd.IsEnabled;

    /// <summary>Marks <paramref name="output"/> as produced by a recorded operation.</summary>
    public static Tensor Record(Tensor output, Tensor[] inputs, Action<Tensor> backward)
    {
        return Record(output, new BackwardNode(inputs, backward));
    }

    /// <summary>Marks <paramref name="output"/> as produced by the operation <paramref name="node"/>.</summary>
    public static Tensor Record(Tensor output, BackwardNode node)
    {
        output.RequiresGrad = true;
        output.Node = node;
        return output;
    }

    /// <summary>Adds <paramref name="gradient"/> to the gradient of <paramref name="target"/>, if it takes one.</summary>
    /// <remarks>The first gradient is copied: backward functions may pass the same tensor to several inputs.</remarks>
    public static void Accumulate(Tensor target, Tensor gradient)
    {
        if (!target.RequiresGrad) return;
        Tensor buffer = GradientBufferForOverwrite(target, out bool overwrite);
        if (overwrite) buffer.CopyFrom(gradient);
        else buffer.AddUnchecked(gradient);
    }

    /// <summary>The gradient buffer for a writer that can overwrite it whole: <paramref name="overwrite"/> is true when it
    /// holds no gradient yet (new, or zeroed by ZeroGrad), so the writer uses β = 0 instead of accumulating.</summary>
    public static Tensor GradientBufferForOverwrite(Tensor target, out bool overwrite)
    {
        if (target.GradForWriting(out overwrite) is { } existing) return existing;
        overwrite = true;
        // The writer fills it whole, so an intermediate's new buffer need not be cleared first.
        return target.Grad = target.IsLeaf ? Tensor.Persistent(target.ShapeRef) : Tensor.Uninitialized(target.ShapeRef);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Backward(Tensor root)
    {
        if (root.Size != 1)
            throw new InvalidOperationException($"Backward() needs a scalar (one-element) tensor, got shape {ShapeMath.Format(root.ShapeRef)}; reduce it first (for example with Sum() or Mean()).");
        if (!root.RequiresGrad)
            throw new InvalidOperationException("Backward() was called on a tensor that does not require gradients: no input had RequiresGrad set, or it was computed under NoGrad().");

        List<Tensor> order = TopologicalOrder(root);
        Tensor seed = Tensor.Uninitialized(root.ShapeRef);
        seed.Fill(1f);
        Accumulate(root, seed);
        for (int i = order.Count - 1; i >= 0; i--)
        {
            Tensor t = order[i];
            if (t.Node is null || t.Grad is null) continue;
            t.Node.Backward(t.Grad);
        }
        // Free the graph as PyTorch does: intermediate results and their gradients become garbage now,
        // so a training loop keeps memory flat without any Dispose.
        foreach (Tensor t in order)
        {
            if (t.Node is null) continue;
            // A tensor the step arena hands out again keeps its node for the next step (its fields are all
            // overwritten then); any other tensor lets go of its graph here.
            if (t.ArenaSlot is { } slot) slot.SpareNode = t.Node;
            t.Node = null;
            t.Grad = null;
        }
        order.Clear();
        _visited!.Clear();
    }

    [ThreadStatic] private static List<Tensor>? _order;
    [ThreadStatic] private static HashSet<Tensor>? _visited;
    [ThreadStatic] private static Stack<(Tensor Tensor, int NextInput)>? _stack;

    // The walk's collections are reused per thread (cleared after each walk) so a training step allocates none.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static List<Tensor> TopologicalOrder(Tensor root)
    {
        var order = _order ??= [];
        var visited = _visited ??= new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = _stack ??= new Stack<(Tensor Tensor, int NextInput)>();
        order.Clear();
        visited.Clear();
        stack.Clear();
        stack.Push((root, 0));
        visited.Add(root);
        while (stack.Count > 0)
        {
            var (t, next) = stack.Pop();
            Tensor[] inputs = t.Node?.Inputs ?? [];
            if (next < inputs.Length)
            {
                stack.Push((t, next + 1));
                Tensor child = inputs[next];
                if (child.RequiresGrad && visited.Add(child)) stack.Push((child, 0));
            }
            else order.Add(t);
        }
        return order;
    }
}
