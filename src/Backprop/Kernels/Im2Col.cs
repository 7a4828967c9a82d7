using System.Runtime.CompilerServices;

namespace Backprop.Kernels;

/// <summary>
/// Lowers a 2-D convolution to a matrix product (channels-last images): <see cref="Gather"/> writes, for every output
/// position, the window of input values it sees as one row, ordered (kernel row, kernel column, channel) so that the
/// rows multiply a Keras kernel [kh, kw, in, out] read as a [kh·kw·in, out] matrix; <see cref="ScatterAdd"/> is its
/// transpose, adding such rows back into image positions (the input gradient). Positions outside the image read as 0.
/// </summary>
internal static class Im2Col
{
    /// <summary>cols[p, (i·kw + j)·cg + c] = x[n, oh·sh − padTop + i·dh, ow·sw − padLeft + j·dw, channelStart + c] for
    /// output position p = (n·oh + …), channels channelStart..channelStart+cg (one group).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gather(ReadOnlySpan<float> x, in ConvolutionGeometry g, int channelStart, int groupChannels, Span<float> cols)
    {
        int cg = groupChannels, rowLength = g.KernelHeight * g.KernelWidth * cg;
        int p = 0;
        for (int n = 0; n < g.Batch; n++)
            for (int oh = 0; oh < g.OutHeight; oh++)
                for (int ow = 0; ow < g.OutWidth; ow++, p++)
                {
                    Span<float> row = cols.Slice(p * rowLength, rowLength);
                    int at = 0;
                    for (int i = 0; i < g.KernelHeight; i++)
                    {
                        int h = oh * g.StrideHeight - g.PadTop + i * g.DilationHeight;
                        if ((uint)h >= (uint)g.Height)
                        {
                            row.Slice(at, g.KernelWidth * cg).Clear();
                            at += g.KernelWidth * cg;
                            continue;
                        }
                        int rowBase = (n * g.Height + h) * g.Width;
                        for (int j = 0; j < g.KernelWidth; j++, at += cg)
                        {
                            int w = ow * g.StrideWidth - g.PadLeft + j * g.DilationWidth;
                            if ((uint)w >= (uint)g.Width) row.Slice(at, cg).Clear();
                            else x.Slice((rowBase + w) * g.Channels + channelStart, cg).CopyTo(row.Slice(at, cg));
                        }
                    }
                }
    }

    /// <summary>The transpose of <see cref="Gather"/>: dx[…] += cols[p, …] for every position a window covers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScatterAdd(ReadOnlySpan<float> cols, in ConvolutionGeometry g, int channelStart, int groupChannels, Span<float> dx)
    {
        int cg = groupChannels, rowLength = g.KernelHeight * g.KernelWidth * cg;
        int p = 0;
        for (int n = 0; n < g.Batch; n++)
            for (int oh = 0; oh < g.OutHeight; oh++)
                for (int ow = 0; ow < g.OutWidth; ow++, p++)
                {
                    ReadOnlySpan<float> row = cols.Slice(p * rowLength, rowLength);
                    int at = 0;
                    for (int i = 0; i < g.KernelHeight; i++)
                    {
                        int h = oh * g.StrideHeight - g.PadTop + i * g.DilationHeight;
                        if ((uint)h >= (uint)g.Height)
                        {
                            at += g.KernelWidth * cg;
                            continue;
                        }
                        int rowBase = (n * g.Height + h) * g.Width;
                        for (int j = 0; j < g.KernelWidth; j++, at += cg)
                        {
                            int w = ow * g.StrideWidth - g.PadLeft + j * g.DilationWidth;
                            if ((uint)w >= (uint)g.Width) continue;
                            Span<float> target = dx.Slice((rowBase + w) * g.Channels + channelStart, cg);
                            Elementwise.Binary<AddOperator>(target, row.Slice(at, cg), target);
                        }
                    }
                }
    }
}
