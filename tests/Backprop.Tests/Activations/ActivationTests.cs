using Backprop.Tests.Ops;
using A = Backprop.Activations.Activations;

namespace Backprop.Tests.Activations;

/// <summary>Each activation against a float64 formula written here, values and finite-difference gradients (see GradientCheck).</summary>
public class ActivationTests
{
    /// <summary>Every activation name the library knows, for tests elsewhere that must cover them all (saving, ONNX).</summary>
    public static TheoryData<string> EveryName()
    {
        var data = new TheoryData<string>();
        foreach (string name in A.Names) data.Add(name);
        return data;
    }

    // Inputs avoid the kinks at 0 (relu family) where no derivative exists; |x| ≤ 1.05.
    private static double Sample(Random r) => (r.NextDouble() + 0.05) * (r.Next(2) == 0 ? 1 : -1);

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

    /// <summary>erf by its Taylor series in double (enough terms for |x| ≤ 3), independent of the library's.</summary>
    private static double Erf(double x)
    {
        double sum = 0, term = x;
        for (int n = 0; n < 120; n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    public static TheoryData<string> Names => new() { "elu", "selu", "softplus", "softsign", "swish", "silu", "gelu", "leaky_relu", "relu6", "exponential", "hard_sigmoid", "hard_swish", "hard_silu", "mish", "relu", "sigmoid", "tanh", "linear" };

    private static Func<double, double> Formula(string name) => name switch
    {
        "elu" => x => x > 0 ? x : Math.Exp(x) - 1,
        "selu" => x => 1.05070098 * (x > 0 ? x : 1.67326324 * (Math.Exp(x) - 1)),
        "softplus" => Softplus,
        "softsign" => x => x / (Math.Abs(x) + 1),
        "swish" or "silu" => x => x * Sigmoid(x),
        "gelu" => x => 0.5 * x * (1 + Erf(x / Math.Sqrt(2))),
        "leaky_relu" => x => x > 0 ? x : 0.2 * x,
        "relu6" => x => Math.Min(Math.Max(x, 0), 6),
        "exponential" => Math.Exp,
        "hard_sigmoid" => x => Math.Clamp(x / 6 + 0.5, 0, 1),
        "hard_swish" or "hard_silu" => x => x * Math.Clamp(x / 6 + 0.5, 0, 1),
        "mish" => x => x * Math.Tanh(Softplus(x)),
        "relu" => x => Math.Max(x, 0),
        "sigmoid" => Sigmoid,
        "tanh" => Math.Tanh,
        _ => x => x,
    };

    [Theory, MemberData(nameof(Names))]
    public void ValuesAndGradientsMatchTheFormula(string name)
    {
        var activation = A.Get(name);
        Func<double, double> f = Formula(name);
        GradientCheck.Check(t => activation.Apply(t[0]), x => x[0].Select(f).ToArray(), [[4, 5]], sample: Sample);
    }

    [Fact]
    public void LogSoftmaxIsTheLogOfSoftmax()
    {
        var x = Tensor.FromArray(new float[] { 1, 2, 3, -1, 0, 4 }, 2, 3);
        float[] expected = x.Softmax(-1).Log().ToArray();
        float[] actual = A.Get("log_softmax").Apply(x).ToArray();
        for (int i = 0; i < 6; i++) Assert.Equal(expected[i], actual[i], 5);
    }

    [Fact]
    public void KnownValues()
    {
        Assert.Equal(0.8413447f, A.Gelu.Apply(Tensor.FromArray(new float[] { 1 }, 1)).Item(), 5);
        Assert.Equal(-1.1113307f, A.Selu.Apply(Tensor.FromArray(new float[] { -1 }, 1)).Item(), 5);
        Assert.Equal(MathF.Log(2), A.Softplus.Apply(Tensor.FromArray(new float[] { 0 }, 1)).Item(), 6);
        Assert.Equal(100f, A.Softplus.Apply(Tensor.FromArray(new float[] { 100 }, 1)).Item(), 3);   // no overflow
        Assert.Equal(new[] { 0.52049988f, 0.99532227f, -0.99997791f }, Tensor.FromArray(new float[] { 0.5f, 2, -3 }, 3).Erf().ToArray());
    }

    [Fact]
    public void UnknownNameListsTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => A.Get("swishh"));
        Assert.Contains("hard_swish", e.Message);
        Assert.Contains("leaky_relu", e.Message);
    }
}
