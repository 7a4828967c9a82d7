using System.Runtime.CompilerServices;

namespace Backprop.Kernels;

/// <summary>Derivatives of activations fused into the ops' backward passes.</summary>
internal static class ActivationKernels
{
    /// <summary>d ← g where y &gt; 0, else 0 (relu's derivative from its output), a vector at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReluBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> d)
    {
        int width = System.Numerics.Vector<float>.Count, i;
        ReadOnlySpan<System.Numerics.Vector<float>> yv = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(y);
        ReadOnlySpan<System.Numerics.Vector<float>> gv = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(g);
        Span<System.Numerics.Vector<float>> dv = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(d);
        int vectors = Math.Min(yv.Length, Math.Min(gv.Length, dv.Length));
        for (int v = 0; v < vectors; v++)
            dv[v] = System.Numerics.Vector.ConditionalSelect(System.Numerics.Vector.GreaterThan(yv[v], System.Numerics.Vector<float>.Zero), gv[v], System.Numerics.Vector<float>.Zero);
        for (i = vectors * width; i < d.Length; i++) d[i] = y[i] > 0f ? g[i] : 0f;
    }
}
