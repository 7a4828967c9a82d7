namespace Backprop.Tests.Layers.Convolutional;

/// <summary>
/// A direct float64 convolution written from the definitions, independent of the library's geometry and kernels:
/// output size and "same" padding from TensorFlow's documented rule (out = ⌈in/s⌉, total padding
/// max((out − 1)·s + d·(k − 1) + 1 − in, 0), the smaller half before), "valid" out = ⌊(in − d·(k − 1) − 1)/s⌋ + 1;
/// y[n, i, j, f] = b[f] + Σ x[n, i·s − top + a·d, j·s − left + c·d, g·cg + ch] · W[a, c, ch, f] over the window,
/// zero outside the image, where f's group g = f / (filters / groups).
/// </summary>
internal static class NaiveConvolution
{
    public static (int Out, int Before) Axis(int size, int k, int s, int d, string padding)
    {
        int span = d * (k - 1) + 1;
        if (padding == "valid") return ((size - span) / s + 1, 0);
        int outSize = (int)Math.Ceiling(size / (double)s);
        int total = Math.Max((outSize - 1) * s + span - size, 0);
        return (outSize, total / 2);
    }

    public static double[] Conv2D(double[] x, int[] xShape, double[] w, int[] wShape, double[]? b,
        (int H, int W) strides, (int H, int W) dilation, string padding, int groups, out int[] outShape)
    {
        int n = xShape[0], h = xShape[1], wd = xShape[2], c = xShape[3];
        int kh = wShape[0], kw = wShape[1], cg = wShape[2], filters = wShape[3];
        var (oh, top) = Axis(h, kh, strides.H, dilation.H, padding);
        var (ow, left) = Axis(wd, kw, strides.W, dilation.W, padding);
        outShape = [n, oh, ow, filters];
        var y = new double[n * oh * ow * filters];
        int fg = filters / groups;
        for (int b0 = 0; b0 < n; b0++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                    for (int f = 0; f < filters; f++)
                    {
                        int g = f / fg;
                        double sum = b is null ? 0 : b[f];
                        for (int a = 0; a < kh; a++)
                            for (int q = 0; q < kw; q++)
                            {
                                int hi = i * strides.H - top + a * dilation.H, wi = j * strides.W - left + q * dilation.W;
                                if (hi < 0 || hi >= h || wi < 0 || wi >= wd) continue;
                                for (int ch = 0; ch < cg; ch++)
                                    sum += x[((b0 * h + hi) * wd + wi) * c + g * cg + ch] * w[((a * kw + q) * cg + ch) * filters + f];
                            }
                        y[((b0 * oh + i) * ow + j) * filters + f] = sum;
                    }
        return y;
    }
}
