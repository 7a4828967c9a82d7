using System.Numerics;
using System.Numerics.Tensors;

namespace Backprop.Kernels;

/// <summary>
/// e^x and tanh x through TensorPrimitives, made accurate near zero. TensorPrimitives' tanh is
/// (e^2x − 1)/(e^2x + 1), which cancels for small x: measured on an AVX-512 Xeon, 55 ulps off at
/// x ≈ 0.01 and 463,055 ulps at 1e-6 (tanh(0) = −5.96e-8 on AVX2), so for |x| &lt; 0.625 tanh is
/// Cephes' tanhf polynomial instead, x + x³·P(x²) (error about 2 ulps), which is odd and returns
/// x itself for tiny x. Its exp is within 2 ulps everywhere but not exact at 0 on every
/// instruction set (exp(0) = 1.0000001 on AVX2, so elu(0) ≠ 0); eˣ = 1 + x + … rounds to 1 when
/// |x| &lt; 2⁻²⁵, so those elements are set to 1. Blocks of input are copied first, so x and y
/// may be the same span.
/// </summary>
internal static class Transcendentals
{
    private const int Block = 512;
    private const float TanhPolynomialBelow = 0.625f;
    private const float ExpOneBelow = 1f / 33554432f;          // 2⁻²⁵

    /// <summary>y = eˣ, exactly 1 where |x| &lt; 2⁻²⁵.</summary>
    public static void Exp(ReadOnlySpan<float> x, Span<float> y) => Apply(x, y, exp: true);

    /// <summary>y = tanh x, by the polynomial where |x| &lt; 0.625 (exactly x for |x| below about 2⁻¹²).</summary>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y) => Apply(x, y, exp: false);

    private static void Apply(ReadOnlySpan<float> x, Span<float> y, bool exp)
    {
        if (x.Length != y.Length) throw new ArgumentException($"Destination length {y.Length} differs from the input's {x.Length}.");
        Span<float> saved = stackalloc float[Block];
        for (int start = 0; start < x.Length; start += Block)
        {
            int n = Math.Min(Block, x.Length - start);
            ReadOnlySpan<float> xs = x.Slice(start, n);
            Span<float> ys = y.Slice(start, n), copy = saved[..n];
            xs.CopyTo(copy);
            if (exp) TensorPrimitives.Exp(copy, ys);
            else TensorPrimitives.Tanh(copy, ys);
            if (exp) PatchExpNearZero(copy, ys);
            else PatchTanhNearZero(copy, ys);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void PatchExpNearZero(ReadOnlySpan<float> x, Span<float> y)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var bound = new Vector<float>(ExpOneBelow);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var near = Vector.LessThan(Vector.Abs(new Vector<float>(x.Slice(i))), bound);
                if (near == Vector<int>.Zero) continue;
                Vector.ConditionalSelect(near, Vector<float>.One, new Vector<float>(y.Slice(i))).CopyTo(y.Slice(i));
            }
        }
        for (; i < x.Length; i++)
            if (MathF.Abs(x[i]) < ExpOneBelow) y[i] = 1f;
    }

    private static void PatchTanhNearZero(ReadOnlySpan<float> x, Span<float> y)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var bound = new Vector<float>(TanhPolynomialBelow);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var xv = new Vector<float>(x.Slice(i));
                var near = Vector.LessThan(Vector.Abs(xv), bound);
                if (near == Vector<int>.Zero) continue;
                Vector.ConditionalSelect(near, TanhPolynomial(xv), new Vector<float>(y.Slice(i))).CopyTo(y.Slice(i));
            }
        }
        for (; i < x.Length; i++)
            if (MathF.Abs(x[i]) < TanhPolynomialBelow) y[i] = TanhPolynomial(x[i]);
    }

    // Cephes tanhf's coefficients for |x| < 0.625: tanh x ≈ x + x·z·P(z), z = x².
    private const float P4 = -5.70498872745e-3f, P3 = 2.06390887954e-2f, P2 = -5.37397155531e-2f, P1 = 1.33314422036e-1f, P0 = -3.33332819422e-1f;

    private static Vector<float> TanhPolynomial(Vector<float> x)
    {
        var z = x * x;
        var p = (((new Vector<float>(P4) * z + new Vector<float>(P3)) * z + new Vector<float>(P2)) * z + new Vector<float>(P1)) * z + new Vector<float>(P0);
        // Where x² underflows to 0, x itself (this also keeps tanh(−0) = −0, which x + x·z·P would make +0).
        return Vector.ConditionalSelect(Vector.Equals(z, Vector<float>.Zero), x, p * z * x + x);
    }

    private static float TanhPolynomial(float x)
    {
        float z = x * x;
        float p = (((P4 * z + P3) * z + P2) * z + P1) * z + P0;
        return z == 0f ? x : p * z * x + x;
    }
}
