using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Kernels;

/// <summary>
/// The im2col matrix of a convolution whose windows all lie inside the image (no padding reaches them, no dilation, one
/// group), as a GEMM operand read straight from the channels-last image: row p of the matrix is output position p's window,
/// kernel row by kernel row, and each kernel row of a window is one contiguous run of kw·channels image values. The forward
/// product packs its panels from these runs (rows: positions), the kernel gradient packs the transpose (rows: window
/// entries, columns: positions), and neither writes the matrix out: 17.8 MB a step for keras-io's second convolution.
/// The packed panels hold exactly the values of <see cref="Im2Col.Gather"/>'s matrix, so the products are bit for bit the
/// same. The image must stay pinned while a product uses the operand. One object per thread, set again for each product
/// (a training step allocates none).
/// </summary>
internal sealed unsafe class Im2ColOperand : IPackedOperand
{
    [ThreadStatic] private static Im2ColOperand? t_operand;

    private float* _x;
    private ConvolutionGeometry _g;
    private bool _transposed;
    private int _run, _imageRow, _positionsPerImage;

    /// <summary>This thread's operand over image <paramref name="x"/> (pinned by the caller) of geometry <paramref name="g"/>:
    /// the im2col matrix itself, or with <paramref name="transposed"/> its transpose (the kernel gradient's op(A)).</summary>
    public static Im2ColOperand For(float* x, in ConvolutionGeometry g, bool transposed)
    {
        if (!Applies(g)) throw new ArgumentException($"The implicit im2col needs every window inside the image, no dilation: got {g}.");
        Im2ColOperand operand = t_operand ??= new Im2ColOperand();
        operand._x = x;
        (operand._g, operand._transposed) = (g, transposed);
        operand._run = g.KernelWidth * g.Channels;
        operand._imageRow = g.Width * g.Channels;
        operand._positionsPerImage = g.OutHeight * g.OutWidth;
        return operand;
    }

    /// <summary>Forgets the image pointer once the product is done.</summary>
    public void Release() => _x = null;

    /// <summary>Whether every window of <paramref name="g"/> lies inside the image and is read without dilation.</summary>
    public static bool Applies(in ConvolutionGeometry g) =>
        g.PadTop == 0 && g.PadLeft == 0 && g.DilationHeight == 1 && g.DilationWidth == 1
        && (g.OutHeight - 1) * g.StrideHeight + g.KernelHeight <= g.Height
        && (g.OutWidth - 1) * g.StrideWidth + g.KernelWidth <= g.Width;

    /// <summary>Where position <paramref name="p"/>'s window starts in the image (its first kernel row's run).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float* Window(int p)
    {
        int n = p / _positionsPerImage, rest = p - n * _positionsPerImage, oh = rest / _g.OutWidth, ow = rest - oh * _g.OutWidth;
        return _x + ((long)n * _g.Height + oh * _g.StrideHeight) * _imageRow + (long)ow * _g.StrideWidth * _g.Channels;
    }

    public void PackPanel(int row0, int rows, int k0, int kc, float* dst, int mr)
    {
        if (_transposed) PackEntries(row0, rows, k0, kc, dst, mr);
        else PackPositions(row0, rows, k0, kc, dst, mr);
    }

    /// <summary>The forward product's panel: positions row0.. as rows, window entries k0.. as columns — each kernel row's
    /// run of the <paramref name="rows"/> windows transposed into the panel, four windows at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PackPositions(int row0, int rows, int k0, int kc, float* dst, int mr)
    {
        float** windows = stackalloc float*[rows];
        // The positions row0.. in order, stepping along the output rows: no division per position (two per position
        // cost as much as packing keras-io's first convolution's 9-value windows).
        int n = row0 / _positionsPerImage, rest = row0 - n * _positionsPerImage, oh = rest / _g.OutWidth, ow = rest - oh * _g.OutWidth;
        long step = (long)_g.StrideWidth * _g.Channels;
        float* window = Window(row0);
        for (int r = 0; r < rows; r++, window += step)
        {
            if (ow == _g.OutWidth)
            {
                ow = 0;
                if (++oh == _g.OutHeight) (oh, n) = (0, n + 1);
                window = _x + ((long)n * _g.Height + oh * _g.StrideHeight) * _imageRow;
            }
            ow++;
            windows[r] = window;
        }
        // One channel at stride 1 (keras-io's first convolution) with the panel's windows on one output row: a packed row,
        // one window entry at every position, is then a run of adjacent image pixels. (Panels that cross a row take the
        // general loop below: copying each stretch of adjacent windows instead measured slower, 25% of an evaluation's
        // samples in PackPositions against 21%.)
        if (step == 1 && rows >= 4 && windows[rows - 1] - windows[0] == rows - 1)
        {
            for (int kk = k0; kk < k0 + kc; kk++)
            {
                int i = kk / _run;
                GemmPacking.CopyShortRow(windows[0] + (long)i * _imageRow + (kk - i * _run), dst + (long)(kk - k0) * mr, rows);
            }
            return;
        }
        for (int kk = k0; kk < k0 + kc;)
        {
            int i = kk / _run, t = kk - i * _run, length = Math.Min(_run - t, k0 + kc - kk);
            long offset = (long)i * _imageRow + t;
            float* to = dst + (long)(kk - k0) * mr;
            int r = 0;
            for (; Sse.IsSupported && r + 4 <= rows; r += 4)
            {
                float* s0 = windows[r] + offset, s1 = windows[r + 1] + offset, s2 = windows[r + 2] + offset, s3 = windows[r + 3] + offset;
                int j = 0;
                for (; j + 4 <= length; j += 4) GemmPacking.Transpose4x4(s0 + j, s1 + j, s2 + j, s3 + j, to + (long)j * mr + r, mr);
                for (; j < length; j++)
                {
                    float* o = to + (long)j * mr + r;
                    o[0] = s0[j];
                    o[1] = s1[j];
                    o[2] = s2[j];
                    o[3] = s3[j];
                }
            }
            for (; r < rows; r++)
            {
                float* s = windows[r] + offset;
                for (int j = 0; j < length; j++) to[(long)j * mr + r] = s[j];
            }
            kk += length;
        }
    }

    /// <summary>The kernel gradient's panel: window entries row0.. as rows, positions k0.. as columns — for each position,
    /// the entries' values, one or a few contiguous pieces of its window (a piece per kernel row they span).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PackEntries(int row0, int rows, int k0, int kc, float* dst, int mr)
    {
        // The pieces: where each run of entries starts in a window, how long it is, and where it goes in a panel row.
        int pieces = 0;
        long* from = stackalloc long[rows];
        int* lengths = stackalloc int[rows], at = stackalloc int[rows];
        for (int e = row0; e < row0 + rows;)
        {
            int i = e / _run, t = e - i * _run, length = Math.Min(_run - t, row0 + rows - e);
            (from[pieces], lengths[pieces], at[pieces]) = ((long)i * _imageRow + t, length, e - row0);
            pieces++;
            e += length;
        }
        bool simd = Vector128.IsHardwareAccelerated;
        // The positions k0.. in order: one window to the next along the output row, a new row's start computed, no division
        // per position (two per position cost more than the copying).
        int n = k0 / _positionsPerImage, rest = k0 - n * _positionsPerImage, oh = rest / _g.OutWidth, ow = rest - oh * _g.OutWidth;
        long step = (long)_g.StrideWidth * _g.Channels;
        float* window = Window(k0);
        if (pieces == 1 && simd && lengths[0] >= 4)
        {
            // The panel's entries are one run of each window (keras-io's second convolution: 96-value kernel rows, 12-row
            // panels): one copy per position.
            long from0 = from[0];
            int length0 = lengths[0];
            for (int j = 0; j < kc; j++, window += step)
            {
                if (ow == _g.OutWidth)
                {
                    ow = 0;
                    if (++oh == _g.OutHeight) (oh, n) = (0, n + 1);
                    window = _x + ((long)n * _g.Height + oh * _g.StrideHeight) * _imageRow;
                }
                ow++;
                GemmPacking.CopyShortRow(window + from0, dst + (long)j * mr + at[0], length0);
            }
            return;
        }
        for (int j = 0; j < kc; j++, window += step)
        {
            if (ow == _g.OutWidth)
            {
                ow = 0;
                if (++oh == _g.OutHeight) (oh, n) = (0, n + 1);
                window = _x + ((long)n * _g.Height + oh * _g.StrideHeight) * _imageRow;
            }
            ow++;
            float* to = dst + (long)j * mr;
            for (int q = 0; q < pieces; q++)
            {
                float* s = window + from[q], d = to + at[q];
                int length = lengths[q];
                // A panel row is at most 16 values (GemmPacking.CopyShortRow's range).
                if (simd && length >= 4) GemmPacking.CopyShortRow(s, d, length);
                else for (int v = 0; v < length; v++) d[v] = s[v];
            }
        }
    }
}
