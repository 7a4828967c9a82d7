using System.Runtime.CompilerServices;

namespace Backprop.Kernels;

/// <summary>
/// Lowers a 2-D convolution to a matrix product (channels-last images): <see cref="Gather"/> writes, for every output
/// position, the window of input values it sees as one row, ordered (kernel row, kernel column, channel) so that the
/// rows multiply a Keras kernel [kh, kw, in, out] read as a [kh·kw·in, out] matrix; <see cref="ScatterAdd"/> is its
/// transpose, adding such rows back into image positions (the input gradient). Positions outside the image read as 0.
/// Without dilation a window row is one contiguous run of kw·channels values when the whole group's channels are
/// taken, so it is copied (or added) as one block.
/// </summary>
internal static class Im2Col
{
    /// <summary>cols[p, (i·kw + j)·cg + c] = x[n, oh·sh − padTop + i·dh, ow·sw − padLeft + j·dw, channelStart + c] for
    /// output position p = (n·oh + …), channels channelStart..channelStart+cg (one group).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gather(ReadOnlySpan<float> x, in ConvolutionGeometry g, int channelStart, int groupChannels, Span<float> cols)
    {
        int cg = groupChannels, rowLength = g.KernelHeight * g.KernelWidth * cg, runLength = g.KernelWidth * cg;
        bool runs = g.DilationWidth == 1 && cg == g.Channels;
        int p = 0;
        for (int n = 0; n < g.Batch; n++)
            for (int oh = 0; oh < g.OutHeight; oh++)
                for (int ow = 0; ow < g.OutWidth; ow++, p++)
                {
                    Span<float> row = cols.Slice(p * rowLength, rowLength);
                    int left = ow * g.StrideWidth - g.PadLeft;
                    bool inside = left >= 0 && left + (g.KernelWidth - 1) * g.DilationWidth < g.Width;
                    for (int i = 0, at = 0; i < g.KernelHeight; i++, at += runLength)
                    {
                        int h = oh * g.StrideHeight - g.PadTop + i * g.DilationHeight;
                        if ((uint)h >= (uint)g.Height)
                        {
                            row.Slice(at, runLength).Clear();
                            continue;
                        }
                        int rowBase = (n * g.Height + h) * g.Width;
                        if (runs && inside)
                        {
                            x.Slice((rowBase + left) * g.Channels, runLength).CopyTo(row.Slice(at, runLength));
                            continue;
                        }
                        for (int j = 0; j < g.KernelWidth; j++)
                        {
                            int w = left + j * g.DilationWidth;
                            Span<float> target = row.Slice(at + j * cg, cg);
                            if ((uint)w >= (uint)g.Width) target.Clear();
                            else x.Slice((rowBase + w) * g.Channels + channelStart, cg).CopyTo(target);
                        }
                    }
                }
    }

    /// <summary>The transpose of <see cref="Gather"/>: dx[…] += cols[p, …] for every position a window covers. Each
    /// image's positions are added in the same order whatever the split of the batch, so results do not depend on threads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScatterAdd(ReadOnlySpan<float> cols, in ConvolutionGeometry g, int channelStart, int groupChannels, Span<float> dx)
    {
        int cg = groupChannels, rowLength = g.KernelHeight * g.KernelWidth * cg, runLength = g.KernelWidth * cg;
        bool runs = g.DilationWidth == 1 && cg == g.Channels;
        int p = 0;
        for (int n = 0; n < g.Batch; n++)
            for (int oh = 0; oh < g.OutHeight; oh++)
                for (int ow = 0; ow < g.OutWidth; ow++, p++)
                {
                    ReadOnlySpan<float> row = cols.Slice(p * rowLength, rowLength);
                    int left = ow * g.StrideWidth - g.PadLeft;
                    bool inside = left >= 0 && left + (g.KernelWidth - 1) * g.DilationWidth < g.Width;
                    for (int i = 0, at = 0; i < g.KernelHeight; i++, at += runLength)
                    {
                        int h = oh * g.StrideHeight - g.PadTop + i * g.DilationHeight;
                        if ((uint)h >= (uint)g.Height) continue;
                        int rowBase = (n * g.Height + h) * g.Width;
                        if (runs && inside)
                        {
                            Span<float> run = dx.Slice((rowBase + left) * g.Channels, runLength);
                            Elementwise.Binary<AddOperator>(run, row.Slice(at, runLength), run);
                            continue;
                        }
                        for (int j = 0; j < g.KernelWidth; j++)
                        {
                            int w = left + j * g.DilationWidth;
                            if ((uint)w >= (uint)g.Width) continue;
                            Span<float> target = dx.Slice((rowBase + w) * g.Channels + channelStart, cg);
                            Elementwise.Binary<AddOperator>(target, row.Slice(at + j * cg, cg), target);
                        }
                    }
                }
    }
}
