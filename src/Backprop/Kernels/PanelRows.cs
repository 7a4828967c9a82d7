using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Kernels;

/// <summary>
/// The zero-skipping half of the GEMM: which rows of a packed A panel hold a factor that is not zero, and whether a
/// packed B panel is finite. Images are half zeros and so are ReLU outputs; a K row whose MR factors are all zero adds
/// nothing to any accumulator of the tile, so the micro-kernel may skip it and still produce the dense tile's sums bit
/// for bit (each accumulator sees the same fused multiply-adds in the same order, minus ones that add exactly ±0).
/// Two cases would differ from the dense product. A B panel holding Inf or NaN (0·Inf is NaN in the dense sum) is
/// tested here, and the GEMM keeps the dense kernel for it. A sum that is exactly -0 is left as it is: the dense kernel
/// turns it into +0 by adding a skipped +0 term, the listing kernel keeps the -0 (an accumulator starts at +0 and
/// becomes -0 only through a product that underflows to -0, below 1e-45).
/// </summary>
internal static unsafe class PanelRows
{
    /// <summary>
    /// Skip rows when at most this share of a panel's rows is listed: above it the listed kernel's index loads cost
    /// about what the skipped rows save. Measured with <c>bench … gemm --zero-rows</c> on an AVX-512 Xeon (Sapphire Rapids class).
    /// </summary>
    public const double MaxListedShare = 0.8;

    /// <summary>
    /// Writes to <paramref name="list"/> the rows kk &lt; kc of the panel (rows of <paramref name="mr"/> floats) that
    /// hold a factor other than ±0 (NaN counts as not zero), ascending; returns how many.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int ListNonzero(float* panel, int mr, int kc, int* list)
    {
        int count = 0, kk = 0;
        // Four rows at a time: their 4·mr floats are three vectors (zmm for the AVX-512 tile's 12 rows, ymm for the
        // AVX2 tile's 6), whose zero masks make one bit string with a group of mr bits per row.
        // Avx512F, not Vector512.IsHardwareAccelerated: .NET reports the latter false on CPUs where it prefers 256-bit
        // vectors (Cascade Lake), which run the AVX-512 tile all the same (see Gemm's ISA choice).
        if (mr == 12 && Avx512F.IsSupported)
            for (; kk + 4 <= kc; kk += 4)
            {
                float* p = panel + (long)kk * 12;
                ulong zeros = Vector512.Equals(Vector512.Load(p), Vector512<float>.Zero).ExtractMostSignificantBits()
                    | Vector512.Equals(Vector512.Load(p + 16), Vector512<float>.Zero).ExtractMostSignificantBits() << 16
                    | Vector512.Equals(Vector512.Load(p + 32), Vector512<float>.Zero).ExtractMostSignificantBits() << 32;
                count = Append4(zeros, 12, 0xFFF, kk, list, count);
            }
        else if (mr == 6 && Avx2.IsSupported)
            for (; kk + 4 <= kc; kk += 4)
            {
                float* p = panel + (long)kk * 6;
                ulong zeros = Vector256.Equals(Vector256.Load(p), Vector256<float>.Zero).ExtractMostSignificantBits()
                    | (ulong)Vector256.Equals(Vector256.Load(p + 8), Vector256<float>.Zero).ExtractMostSignificantBits() << 8
                    | (ulong)Vector256.Equals(Vector256.Load(p + 16), Vector256<float>.Zero).ExtractMostSignificantBits() << 16;
                count = Append4(zeros, 6, 0x3F, kk, list, count);
            }
        for (; kk < kc; kk++)
        {
            bool zero = true;
            for (int r = 0; r < mr; r++) zero &= panel[(long)kk * mr + r] == 0f;
            list[count] = kk;   // written always, kept only when counted: no branch to mispredict
            count += zero ? 0 : 1;
        }
        return count;
    }

    /// <summary>Appends rows kk..kk+3 whose group of <paramref name="mr"/> bits in <paramref name="zeros"/> is not all
    /// ones (some factor not zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Append4(ulong zeros, int mr, ulong group, int kk, int* list, int count)
    {
        for (int r = 0; r < 4; r++)
        {
            list[count] = kk + r;
            count += ((zeros >> (r * mr)) & group) == group ? 0 : 1;
        }
        return count;
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
