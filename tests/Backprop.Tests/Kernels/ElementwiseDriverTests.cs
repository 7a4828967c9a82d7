using Backprop.Kernels;

namespace Backprop.Tests.Kernels;

/// <summary>The element-wise driver against a plain loop in double-checked IEEE arithmetic: every length from empty
/// through several vector widths plus tails, span∘span, span∘scalar, scalar∘span and in place, with specials.</summary>
public class ElementwiseDriverTests
{
    private static float[] Values(int n, int seed)
    {
        var random = new Random(seed);
        float[] specials = [0f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, -1e-40f, 3e38f];
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = i % 7 == 3 ? specials[i % specials.Length] : (float)(random.NextDouble() * 200 - 100);
        return v;
    }

    private static void Check<TOp>(Func<float, float, float> reference) where TOp : IBinaryOperator
    {
        for (int n = 0; n <= 70; n++)
        {
            float[] x = Values(n, n), y = Values(n, n + 1000), d = new float[n];
            Elementwise.Binary<TOp>(x, y, d);
            for (int i = 0; i < n; i++) Assert.Equal(BitConverter.SingleToInt32Bits(reference(x[i], y[i])), BitConverter.SingleToInt32Bits(d[i]));
            Elementwise.Binary<TOp>(x, 2.5f, d);
            for (int i = 0; i < n; i++) Assert.Equal(reference(x[i], 2.5f), d[i]);
            Elementwise.Binary<TOp>(-3.25f, y, d);
            for (int i = 0; i < n; i++) Assert.Equal(reference(-3.25f, y[i]), d[i]);
            float[] inPlace = (float[])x.Clone();
            Elementwise.Binary<TOp>(inPlace, y, inPlace);
            for (int i = 0; i < n; i++) Assert.Equal(reference(x[i], y[i]), inPlace[i]);
        }
    }

    [Fact] public void AddAgreesWithScalarArithmetic() => Check<AddOperator>((a, b) => a + b);

    [Fact] public void SubtractAgreesWithScalarArithmetic() => Check<SubtractOperator>((a, b) => a - b);

    [Fact] public void MultiplyAgreesWithScalarArithmetic() => Check<MultiplyOperator>((a, b) => a * b);

    [Fact] public void DivideAgreesWithScalarArithmetic() => Check<DivideOperator>((a, b) => a / b);

    [Fact]
    public void MismatchedLengthsAreRefusedNamingTheOperator()
    {
        var e = Assert.Throws<ArgumentException>(() => Elementwise.Binary<DivideOperator>(new float[3], new float[4], new float[3]));
        Assert.Contains("divide", e.Message);
        Assert.Contains("3, 4 and 3", e.Message);
    }

    [Fact]
    public void BroadcastWalksEveryCombinationOfStrides()
    {
        // [2,1,3] ∘ [4,1] → [2,4,3]: the outer axes by the odometer, the inner as span∘scalar and scalar∘span rows.
        float[] x = Values(6, 1), y = Values(4, 2);
        int[] outShape = [2, 4, 3];
        var d = new float[24];
        Elementwise.Broadcast<SubtractOperator>(x, 0, ShapeMath.BroadcastStrides([2, 1, 3], outShape), y, 0, ShapeMath.BroadcastStrides([4, 1], outShape), d, outShape);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 4; j++)
                for (int k = 0; k < 3; k++)
                    Assert.Equal(x[i * 3 + k] - y[j], d[(i * 4 + j) * 3 + k]);
    }
}
