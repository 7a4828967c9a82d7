namespace Backprop.Kernels;

/// <summary>The SIMD instruction set the GEMM micro-kernel uses, chosen once at start-up.</summary>
public enum GemmIsa
{
    /// <summary>Vector128 (SSE on x64, NEON on Arm64).</summary>
    Portable128,
    /// <summary>AVX2 with FMA, 256-bit.</summary>
    Avx2Fma,
    /// <summary>AVX-512F, 512-bit.</summary>
    Avx512,
}
