using Backprop.Kernels;

namespace Backprop.Tests.Kernels;

/// <summary>exp and tanh exact where the true value rounds to a known float, and within 3 ulps of float64 elsewhere (TensorPrimitives' tanh was 463,055 ulps off at 1e-6).</summary>
public class TranscendentalsTests
{
    private static float[] Inputs()
    {
        var values = new List<float> { 0f, -0f, 1e-30f, -1e-30f, 1e-8f, -1e-8f, 1f / 8192f * 0.99f, -1f / 8192f * 0.99f, 1f / 33554432f * 0.9f };
        var rng = new Random(7);
        for (int i = 0; i < 3000; i++) values.Add((float)(rng.NextDouble() * 40 - 20) * (i % 3 == 0 ? 1e-4f : i % 3 == 1 ? 0.05f : 1f));
        return values.ToArray();
    }

    private static void AssertClose(double want, float got)
    {
        double ulp = Math.Max(double.Epsilon, Math.Abs(MathF.BitIncrement(MathF.Abs((float)want)) - MathF.Abs((float)want)));
        Assert.True(Math.Abs(got - want) <= 3 * ulp, $"got {got:R}, want {want:R}");
    }

    [Fact]
    public void ExpIsOneNearZeroAndAccurateElsewhere()
    {
        float[] x = Inputs(), y = new float[x.Length];
        Transcendentals.Exp(x, y);
        for (int i = 0; i < x.Length; i++)
        {
            if (MathF.Abs(x[i]) < 1f / 33554432f) Assert.Equal(1f, y[i]);
            AssertClose(Math.Exp(x[i]), y[i]);
        }
    }

    [Fact]
    public void TanhIsExactlyXNearZeroOddAndAccurateElsewhere()
    {
        float[] x = Inputs(), y = new float[x.Length], yNeg = new float[x.Length];
        Transcendentals.Tanh(x, y);
        Transcendentals.Tanh(x.Select(v => -v).ToArray(), yNeg);
        for (int i = 0; i < x.Length; i++)
        {
            if (MathF.Abs(x[i]) < 1f / 8192f) Assert.Equal(x[i], y[i]);   // tanh x rounds to x there (x³/3 is below half an ulp of x)
            Assert.Equal(-y[i], yNeg[i]);
            AssertClose(Math.Tanh(x[i]), y[i]);
        }
        Assert.True(float.IsNegative(y[1]), "tanh(−0) is −0");
    }

    [Fact]
    public void InPlaceGivesTheSameAsOutOfPlace()
    {
        float[] x = Inputs(), y = new float[x.Length], z = (float[])x.Clone();
        Transcendentals.Tanh(x, y);
        Transcendentals.Tanh(z, z);
        Assert.Equal(y, z);
    }

    [Fact]
    public void PublicOpsAndActivationsAreExactAtZero()
    {
        var zeros = Tensor.Zeros(40);
        Assert.All(zeros.Exp().ToArray(), v => Assert.Equal(1f, v));
        Assert.All(zeros.Tanh().ToArray(), v => Assert.Equal(0f, v));
        Assert.All(zeros.Sigmoid().ToArray(), v => Assert.Equal(0.5f, v));
        Assert.All(Backprop.Activations.Activations.Elu.Apply(zeros).ToArray(), v => Assert.Equal(0f, v));
        Assert.All(Backprop.Activations.Activations.Selu.Apply(zeros).ToArray(), v => Assert.Equal(0f, v));
    }
}
