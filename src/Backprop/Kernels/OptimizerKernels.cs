using System.Numerics;
using System.Runtime.CompilerServices;

namespace Backprop.Kernels;

/// <summary>Vectorised bodies of optimizer updates, for the configurations every step of the lecture runs.</summary>
internal static class OptimizerKernels
{
    /// <summary>RMSprop's default update (not centred, no momentum): v ← ρv + (1 − ρ)g², w ← w − lr·g/√(v + ε), with SIMD
    /// vectors; returns where the caller's scalar tail starts. Same operations in the same order as the scalar loop, so
    /// results are identical.</summary>
    // Optimised from the first call: at tier 0 every Vector<T> operation is a call, and the first epoch's ~470 steps
    // ran this loop that way until tiering caught up (a tenth of the first epoch's samples).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int RmspropPlainStep(Span<float> w, ReadOnlySpan<float> g, Span<float> v, float rho, float epsilon, float lr)
    {
        int width = Vector<float>.Count, i = 0;
        var rhoV = new Vector<float>(rho);
        var oneMinusRho = new Vector<float>(1 - rho);
        var epsilonV = new Vector<float>(epsilon);
        var rate = new Vector<float>(lr);
        for (; i <= w.Length - width; i += width)
        {
            var gi = new Vector<float>(g[i..]);
            var vi = rhoV * new Vector<float>(v[i..]) + oneMinusRho * gi * gi;
            vi.CopyTo(v[i..]);
            var wi = new Vector<float>(w[i..]) - rate * gi / Vector.SquareRoot(vi + epsilonV);
            wi.CopyTo(w[i..]);
        }
        return i;
    }
}
