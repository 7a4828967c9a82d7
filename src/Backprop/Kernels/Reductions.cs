using System.Numerics;
using System.Runtime.CompilerServices;

namespace Backprop.Kernels;

/// <summary>Reductions the ops' backward passes need that TensorPrimitives does not have.</summary>
internal static class Reductions
{
    /// <summary>sums[j] (+)= Σ_i values[i·columns + j], adding row 0, then row 1, … for every column (the order a row-by-row
    /// loop adds them in, so the result is that loop's bit for bit). A block of columns stays in registers across all
    /// rows: a convolution's bias gradient sums 86,528 rows of 32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SumRows(ReadOnlySpan<float> values, int rows, int columns, Span<float> sums, bool accumulate)
    {
        int width = Vector<float>.Count, j = 0;
        for (; j + 4 * width <= columns; j += 4 * width)
        {
            Vector<float> s0, s1, s2, s3;
            int first = 0;
            if (accumulate) (s0, s1, s2, s3) = (Load(sums, j), Load(sums, j + width), Load(sums, j + 2 * width), Load(sums, j + 3 * width));
            else
            {
                if (rows == 0) { sums.Slice(j, 4 * width).Clear(); continue; }
                (s0, s1, s2, s3) = (Load(values, j), Load(values, j + width), Load(values, j + 2 * width), Load(values, j + 3 * width));
                first = 1;
            }
            for (int i = first; i < rows; i++)
            {
                int at = i * columns + j;
                s0 += Load(values, at);
                s1 += Load(values, at + width);
                s2 += Load(values, at + 2 * width);
                s3 += Load(values, at + 3 * width);
            }
            s0.CopyTo(sums[j..]);
            s1.CopyTo(sums[(j + width)..]);
            s2.CopyTo(sums[(j + 2 * width)..]);
            s3.CopyTo(sums[(j + 3 * width)..]);
        }
        for (; j < columns; j++)
        {
            float s;
            int first = 0;
            if (accumulate) s = sums[j];
            else
            {
                if (rows == 0) { sums[j] = 0; continue; }
                s = values[j];
                first = 1;
            }
            for (int i = first; i < rows; i++) s += values[i * columns + j];
            sums[j] = s;
        }
    }

    private static Vector<float> Load(ReadOnlySpan<float> span, int at) => new(span[at..]);
}
