using System.Numerics.Tensors;
using Backprop.Autograd;
using Backprop.Kernels;

namespace Backprop.Ops;

/// <summary>Element-wise functions of one tensor through TensorPrimitives (exp and tanh through <see cref="Transcendentals"/>, exact near 0), each with its derivative.</summary>
internal static class UnaryOps
{
    private delegate void Forward(ReadOnlySpan<float> x, Span<float> y);

    /// <summary>Writes ∂L/∂x into <c>gx</c> (which holds ∂L/∂y on entry), given x and y.</summary>
    private delegate void Derivative(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> gx);

    private static Tensor Map(Tensor x, Forward forward, Derivative derivative)
    {
        Tensor y = Tensor.Uninitialized(x.ShapeRef);
        forward(x.Span, y.Span);
        if (!GraphWalk.ShouldRecord(x)) return y;
        return GraphWalk.Record(y, [x], g =>
        {
            Tensor gx = g.Clone();
            derivative(x.Span, y.Span, gx.Span);
            GraphWalk.Accumulate(x, gx);
        });
    }

    public static Tensor Negate(Tensor x) => Map(x, TensorPrimitives.Negate, (_, _, g) => TensorPrimitives.Negate(g, g));

    public static Tensor Exp(Tensor x) => Map(x, KernelBackend.Current.Exp, (_, y, g) => TensorPrimitives.Multiply(g, y, g));

    public static Tensor Log(Tensor x) => Map(x, TensorPrimitives.Log, (xs, _, g) => TensorPrimitives.Divide(g, xs, g));

    public static Tensor Sqrt(Tensor x) => Map(x, TensorPrimitives.Sqrt, (_, y, g) =>
    {
        // d√x/dx = 1 / (2√x)
        TensorPrimitives.Divide(g, y, g);
        TensorPrimitives.Multiply(g, 0.5f, g);
    });

    public static Tensor Square(Tensor x) => Map(x, (xs, y) => TensorPrimitives.Multiply(xs, xs, y), (xs, _, g) =>
    {
        TensorPrimitives.Multiply(g, xs, g);
        TensorPrimitives.Multiply(g, 2f, g);
    });

    public static Tensor Abs(Tensor x) => Map(x, TensorPrimitives.Abs, (xs, _, g) =>
    {
        for (int i = 0; i < g.Length; i++) g[i] = xs[i] > 0 ? g[i] : xs[i] < 0 ? -g[i] : 0f;
    });

    public static Tensor Pow(Tensor x, float exponent) => Map(x, (xs, y) => TensorPrimitives.Pow(xs, exponent, y), (xs, _, g) =>
    {
        // d xᵉ/dx = e·xᵉ⁻¹
        for (int i = 0; i < g.Length; i++) g[i] *= exponent * MathF.Pow(xs[i], exponent - 1f);
    });

    public static Tensor Clip(Tensor x, float min, float max)
    {
        if (float.IsNaN(min) || float.IsNaN(max)) throw new ArgumentException($"Clip needs numeric bounds, got min={min}, max={max}.");
        if (min > max) throw new ArgumentException($"Clip needs min <= max, got min={min}, max={max}.");
        return Map(x, (xs, y) => TensorPrimitives.Clamp(xs, min, max, y), (xs, _, g) =>
        {
            // The gradient passes where the input was inside [min, max] (as in Keras and PyTorch).
            for (int i = 0; i < g.Length; i++) if (xs[i] < min || xs[i] > max) g[i] = 0f;
        });
    }

    public static Tensor Relu(Tensor x) => Map(x, (xs, y) => TensorPrimitives.Max(xs, 0f, y), (xs, _, g) =>
    {
        for (int i = 0; i < g.Length; i++) if (xs[i] <= 0f) g[i] = 0f;
    });

    public static Tensor Sigmoid(Tensor x) => Map(x, TensorPrimitives.Sigmoid, (_, y, g) =>
    {
        for (int i = 0; i < g.Length; i++) g[i] *= y[i] * (1f - y[i]);
    });

    /// <summary>The error function, with derivative 2/√π · e^(−x²).</summary>
    public static Tensor Erf(Tensor x) => Map(x, (xs, y) =>
    {
        for (int i = 0; i < y.Length; i++) y[i] = (float)ErfOf(xs[i]);
    }, (xs, _, g) =>
    {
        for (int i = 0; i < g.Length; i++) g[i] *= (float)(2 / Math.Sqrt(Math.PI) * Math.Exp(-(double)xs[i] * xs[i]));
    });

    /// <summary>erf by its Maclaurin series for |x| &lt; 2.5, else 1 − erfc from the continued fraction; error below 1e-9, beyond float precision (.NET has no Math.Erf).</summary>
    internal static double ErfOf(double x)
    {
        double ax = Math.Abs(x);
        if (ax < 2.5)
        {
            double term = x, sum = x, x2 = x * x;
            for (int n = 1; n < 60; n++)
            {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17) break;
            }
            return 2 / Math.Sqrt(Math.PI) * sum;
        }
        // erfc(x) = e^(−x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …)))) (Lentz-free backward evaluation)
        double f = 0;
        for (int n = 60; n >= 1; n--) f = n / 2.0 / (ax + f);
        double erfc = Math.Exp(-ax * ax) / Math.Sqrt(Math.PI) / (ax + f);
        return Math.Sign(x) * (1 - erfc);
    }

    public static Tensor Tanh(Tensor x) => Map(x, KernelBackend.Current.Tanh, (_, y, g) =>
    {
        for (int i = 0; i < g.Length; i++) g[i] *= 1f - y[i] * y[i];
    });
}
