namespace Backprop.Kernels;

/// <summary>
/// A GEMM's left operand op(A) that is packed from somewhere other than a matrix in memory: a convolution's im2col
/// matrix, read straight from the image (<see cref="Im2ColOperand"/>), which is then never written out.
/// </summary>
internal unsafe interface IPackedOperand
{
    /// <summary>Packs rows [row0, row0 + rows) and columns [k0, k0 + kc) of op(A) as the micro-kernel reads them:
    /// dst[kk·mr + r] = op(A)[row0 + r, k0 + kk]. Called from several threads at once, for different panels.</summary>
    void PackPanel(int row0, int rows, int k0, int kc, float* dst, int mr);
}
