using System.Runtime.CompilerServices;

namespace Backprop.Kernels;

/// <summary>Derivatives of activations fused into the ops' backward passes, and the bias and relu after a product.</summary>
internal static unsafe class ActivationKernels
{
    /// <summary>c[r·ldc + j] ← act(c[r·ldc + j] + bias[j]) for <paramref name="rows"/> rows of <paramref name="columns"/>
    /// (<paramref name="bias"/> may be null), with act the identity or relu: the GEMM's epilogue on a finished tile, the
    /// same arithmetic as <see cref="BiasRelu"/> (a vector's max and MathF.Max agree on NaN and −0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BiasReluRows(float* c, int ldc, int rows, int columns, float* bias, bool relu)
    {
        int width = System.Numerics.Vector<float>.Count, vectors = columns / width * width;
        for (int r = 0; r < rows; r++)
        {
            float* row = c + (long)r * ldc;
            for (int j = 0; j < vectors; j += width)
            {
                var v = System.Numerics.Vector.Load(row + j);
                if (bias != null) v += System.Numerics.Vector.Load(bias + j);
                if (relu) v = System.Numerics.Vector.Max(v, System.Numerics.Vector<float>.Zero);
                System.Numerics.Vector.Store(v, row + j);
            }
            for (int j = vectors; j < columns; j++)
            {
                float v = bias != null ? row[j] + bias[j] : row[j];
                row[j] = relu ? MathF.Max(v, 0f) : v;
            }
        }
    }

    /// <summary>d ← g where y &gt; 0, else 0 (relu's derivative from its output), a vector at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReluBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> d)
    {
        int width = System.Numerics.Vector<float>.Count, i;
        ReadOnlySpan<System.Numerics.Vector<float>> yv = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(y);
        ReadOnlySpan<System.Numerics.Vector<float>> gv = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(g);
        Span<System.Numerics.Vector<float>> dv = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(d);
        int vectors = Math.Min(yv.Length, Math.Min(gv.Length, dv.Length));
        for (int v = 0; v < vectors; v++)
            dv[v] = System.Numerics.Vector.ConditionalSelect(System.Numerics.Vector.GreaterThan(yv[v], System.Numerics.Vector<float>.Zero), gv[v], System.Numerics.Vector<float>.Zero);
        for (i = vectors * width; i < d.Length; i++) d[i] = y[i] > 0f ? g[i] : 0f;
    }

    /// <summary>y[i, j] ← act(y[i, j] + b[j]) over rows of <paramref name="columns"/> (b may be empty for no bias), with
    /// act the identity or relu: a convolution's epilogue, one pass over the output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BiasRelu(Span<float> y, int columns, ReadOnlySpan<float> bias, bool relu)
    {
        int width = System.Numerics.Vector<float>.Count, rows = columns == 0 ? 0 : y.Length / columns;
        int vectors = columns / width * width;
        bool hasBias = bias.Length > 0;
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = y.Slice(r * columns, columns);
            for (int j = 0; j < vectors; j += width)
            {
                var v = new System.Numerics.Vector<float>(row[j..]);
                if (hasBias) v += new System.Numerics.Vector<float>(bias[j..]);
                if (relu) v = System.Numerics.Vector.Max(v, System.Numerics.Vector<float>.Zero);
                v.CopyTo(row[j..]);
            }
            for (int j = vectors; j < columns; j++)
            {
                float v = hasBias ? row[j] + bias[j] : row[j];
                row[j] = relu ? MathF.Max(v, 0f) : v;
            }
        }
    }
}
