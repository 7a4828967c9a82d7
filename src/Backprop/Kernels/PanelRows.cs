using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Kernels;

/// <summary>
/// The zero-skipping half of the GEMM: which rows of a packed A panel hold a factor that is not zero, and whether a
/// packed B panel is finite. Images are half zeros and so are ReLU outputs; a K row whose MR factors are all zero adds
/// nothing to any accumulator of the tile, so the micro-kernel may skip it and still produce the dense tile's sums bit
/// for bit (each accumulator sees the same fused multiply-adds in the same order, minus ones that add exactly ±0).
/// Two cases differ from the dense product, and the GEMM keeps the dense kernel for them: a B panel holding Inf or
/// NaN (0·Inf is NaN in the dense sum; such a panel is tested here), and a sum that is exactly -0, whose dense result
/// a skipped +0 term turns into +0 (an accumulator starts at +0 and becomes -0 only through an underflow to -0 in a
/// product below 1e-45; the sparse result keeps that -0).
/// </summary>
internal static unsafe class PanelRows
{
    /// <summary>
    /// Skip rows when at most this share of a panel's rows is listed: above it the listed kernel's index loads cost
    /// about what the skipped rows save. Measured with <c>bench … gemm</c>'s sparse rows on an AVX-512 Xeon.
    /// </summary>
    public const double MaxListedShare = 0.8;

    /// <summary>
    /// Writes to <paramref name="list"/> the rows kk &lt; kc of the panel (rows of <paramref name="mr"/> floats) that
    /// hold a factor other than ±0 (NaN counts as not zero), ascending; returns how many.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int ListNonzero(float* panel, int mr, int kc, int* list)
    {
        int count = 0;
        switch (mr)
        {
            case 12:
                for (int kk = 0; kk < kc; kk++)
                {
                    float* row = panel + (long)kk * 12;
                    bool zero = Vector256.EqualsAll(Vector256.Load(row), Vector256<float>.Zero) && Vector128.EqualsAll(Vector128.Load(row + 8), Vector128<float>.Zero);
                    list[count] = kk;   // written always, kept only when counted: no branch to mispredict
                    count += zero ? 0 : 1;
                }
                return count;
            case 6:
                for (int kk = 0; kk < kc; kk++)
                {
                    float* row = panel + (long)kk * 6;
                    bool zero = Vector128.EqualsAll(Vector128.Load(row), Vector128<float>.Zero) && row[4] == 0f && row[5] == 0f;
                    list[count] = kk;
                    count += zero ? 0 : 1;
                }
                return count;
            default:
                for (int kk = 0; kk < kc; kk++)
                {
                    bool zero = true;
                    for (int r = 0; r < mr; r++) zero &= panel[(long)kk * mr + r] == 0f;
                    list[count] = kk;
                    count += zero ? 0 : 1;
                }
                return count;
        }
    }

    /// <summary>Whether every one of the <paramref name="length"/> floats at <paramref name="p"/> is finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool AllFinite(float* p, long length)
    {
        // x·0 is +0 or -0 for a finite x and NaN for Inf or NaN; a sum of them stays zero unless one was NaN.
        Vector256<float> sum = Vector256<float>.Zero;
        long i = 0;
        for (; i + 8 <= length; i += 8) sum += Vector256.Load(p + i) * Vector256<float>.Zero;
        float tail = 0f;
        for (; i < length; i++) tail += p[i] * 0f;
        return Vector256.EqualsAll(sum, Vector256<float>.Zero) && tail == 0f;
    }
}
