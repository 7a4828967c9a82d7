using Backprop.Optimizers;

namespace Backprop.Tests.Optimizers;

/// <summary>Golden values from Keras 3's own optimizer tests (keras/src/optimizers/*_test.py): numbers reused, code not.</summary>
public class OptimizerTests
{
    private static float[] Step(Optimizer optimizer, float[] start, params float[][] gradients)
    {
        var variable = Tensor.FromArray((float[])start.Clone(), start.Length);
        foreach (float[] g in gradients) optimizer.Apply([Tensor.FromArray(g, g.Length)], [variable]);
        return variable.ToArray();
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance + tolerance * Math.Abs(expected[i]), $"[{i}] expected {expected[i]}, got {actual[i]}");
    }

    private static readonly float[] Start = [1, 2, 3, 4];
    private static readonly float[] Gradient = [1, 6, 7, 2];

    [Fact]
    public void SingleStepsMatchKeras()
    {
        AssertClose([0.5f, -1.0f, -0.5f, 3.0f], Step(new SGD(0.5f), Start, Gradient), 1e-4f);
        AssertClose([-0.5811f, 0.4189f, 1.4189f, 2.4189f], Step(new RMSprop(0.5f), Start, Gradient), 1e-4f);
        AssertClose([0.5233f, 1.5007f, 2.5005f, 3.5061f], Step(new Adagrad(0.5f), Start, Gradient), 1e-4f);
        AssertClose([0.5f, 1.5f, 2.5f, 3.5f], Step(new Adam(0.5f), Start, Gradient), 1e-4f);
    }

    /// <summary>Keras's golden runs: first a step with gradient 0.01, then steps with 0.1, 0.2, …, 1.0; after each, x matches a row.</summary>
    private static void AssertGolden(Optimizer optimizer, float[][] golden)
    {
        float[] grads = Enumerable.Range(1, 10).Select(i => i / 10f).ToArray();
        var x = Tensor.Ones(10);
        optimizer.Apply([Tensor.Full(0.01f, 10)], [x]);
        for (int i = 0; i < golden.Length; i++)
        {
            AssertClose(golden[i].Length == 1 ? Enumerable.Repeat(golden[i][0], 10).ToArray() : golden[i], x.ToArray(), 5e-4f);
            optimizer.Apply([Tensor.FromArray((float[])grads.Clone(), 10)], [x]);
        }
    }

    [Fact]
    public void SgdNesterovGolden() => AssertGolden(new SGD(nesterov: true), [
        [0.9999f],
        [0.9989f, 0.9979f, 0.9969f, 0.9959f, 0.9949f, 0.9939f, 0.9929f, 0.9919f, 0.9909f, 0.9899f],
        [0.9979f, 0.9959f, 0.9939f, 0.9919f, 0.9899f, 0.9879f, 0.9859f, 0.9839f, 0.9819f, 0.9799f],
        [0.9969f, 0.9939f, 0.9909f, 0.9879f, 0.9849f, 0.9819f, 0.9789f, 0.9759f, 0.9729f, 0.9699f],
        [0.9959f, 0.9919f, 0.9879f, 0.9839f, 0.9799f, 0.9759f, 0.9719f, 0.9679f, 0.9639f, 0.9599f]]);

    [Fact]
    public void RmspropCenteredGolden() => AssertGolden(new RMSprop(centered: true), [[0.9967f], [0.9933f], [0.9908f], [0.9885f], [0.9864f]]);

    [Fact]
    public void AdamAmsgradGolden() => AssertGolden(new Adam(amsgrad: true), [[0.999f], [0.9982f], [0.9974f], [0.9965f], [0.9955f]]);

    [Fact]
    public void AdagradGolden() => AssertGolden(new Adagrad(0.2f, initialAccumulatorValue: 0.3f, epsilon: 1e-6f), [
        [0.9963f],
        [0.9604f, 0.9278f, 0.9003f, 0.8784f, 0.8615f, 0.8487f, 0.8388f, 0.8313f, 0.8255f, 0.8209f],
        [0.9251f, 0.8629f, 0.8137f, 0.7768f, 0.7497f, 0.7298f, 0.7151f, 0.704f, 0.6956f, 0.6891f],
        [0.8903f, 0.8012f, 0.7342f, 0.6862f, 0.6521f, 0.6277f, 0.6099f, 0.5967f, 0.5867f, 0.579f],
        [0.856f, 0.7422f, 0.6604f, 0.6037f, 0.5644f, 0.5367f, 0.5168f, 0.5021f, 0.491f, 0.4825f]]);

    /// <summary>Two steps of each formula computed by hand in double (Keras 3's update_step, written out).</summary>
    [Fact]
    public void TwoStepsMatchTheFormulas()
    {
        double[] g1 = [0.5, -1.5], g2 = [-0.25, 2.0], w0 = [1.0, -2.0];
        // SGD momentum 0.9 (not Nesterov): m = -g·lr + m·μ; w += m
        double[] m = new double[2], w = (double[])w0.Clone();
        foreach (var g in new[] { g1, g2 }) for (int i = 0; i < 2; i++) { m[i] = -g[i] * 0.1 + m[i] * 0.9; w[i] += m[i]; }
        AssertClose(w.Select(v => (float)v).ToArray(), Step(new SGD(0.1f, momentum: 0.9f), [1f, -2f], [0.5f, -1.5f], [-0.25f, 2f]), 1e-6f);
        // RMSprop with momentum 0.5: v = ρv + (1−ρ)g²; inc = lr·g/√(v+ε); mom = 0.5·mom + inc; w −= mom
        double[] v = new double[2], mom = new double[2];
        w = (double[])w0.Clone();
        foreach (var g in new[] { g1, g2 })
            for (int i = 0; i < 2; i++) { v[i] = 0.9 * v[i] + 0.1 * g[i] * g[i]; mom[i] = 0.5 * mom[i] + 0.01 * g[i] / Math.Sqrt(v[i] + 1e-7); w[i] -= mom[i]; }
        AssertClose(w.Select(x => (float)x).ToArray(), Step(new RMSprop(0.01f, momentum: 0.5f), [1f, -2f], [0.5f, -1.5f], [-0.25f, 2f]), 1e-6f);
        // Adam: α = lr√(1−β₂ᵗ)/(1−β₁ᵗ); m += (g−m)(1−β₁); v += (g²−v)(1−β₂); w −= α·m/(√v+ε)
        double[] am = new double[2], av = new double[2];
        w = (double[])w0.Clone();
        int t = 0;
        foreach (var g in new[] { g1, g2 })
        {
            t++;
            double alpha = 0.01 * Math.Sqrt(1 - Math.Pow(0.999, t)) / (1 - Math.Pow(0.9, t));
            for (int i = 0; i < 2; i++) { am[i] += (g[i] - am[i]) * 0.1; av[i] += (g[i] * g[i] - av[i]) * 0.001; w[i] -= alpha * am[i] / (Math.Sqrt(av[i]) + 1e-7); }
        }
        AssertClose(w.Select(x => (float)x).ToArray(), Step(new Adam(0.01f), [1f, -2f], [0.5f, -1.5f], [-0.25f, 2f]), 1e-6f);
    }

    [Fact]
    public void MoreSingleStepsMatchKeras()
    {
        AssertClose([0.4980f, 1.4960f, 2.494f, 3.492f], Step(new AdamW(0.5f), Start, Gradient), 1e-4f);
        AssertClose([0.5f, 1.5f, 2.5f, 3.5f], Step(new Adamax(0.5f), Start, Gradient), 1e-4f);
        AssertClose([0.5f, 1.5f, 2.5f, 3.5f], Step(new Lion(0.5f), Start, Gradient), 1e-4f);
    }

    [Fact]
    public void AdamWGolden() => AssertGolden(new AdamW(1f, weightDecay: 0.5f, epsilon: 2f), [
        [0.4998f],
        [0.2486f, 0.2475f, 0.2463f, 0.2451f, 0.244f, 0.2428f, 0.2417f, 0.2405f, 0.2394f, 0.2382f],
        [0.1223f, 0.1198f, 0.1174f, 0.1149f, 0.1124f, 0.11f, 0.1075f, 0.1051f, 0.1027f, 0.1003f],
        [0.0586f, 0.0549f, 0.0512f, 0.0475f, 0.0439f, 0.0402f, 0.0366f, 0.033f, 0.0294f, 0.0258f],
        [0.0263f, 0.0215f, 0.0167f, 0.012f, 0.0073f, 0.0026f, -0.0021f, -0.0067f, -0.0113f, -0.0159f]]);

    [Fact]
    public void AdamaxGolden() => AssertGolden(new Adamax(0.2f, beta1: 0.85f, beta2: 0.95f, epsilon: 1e-6f), [
        [0.8f],
        [0.6827f, 0.6873f, 0.6888f, 0.6896f, 0.6901f, 0.6904f, 0.6906f, 0.6908f, 0.6909f, 0.691f],
        [0.5333f, 0.5407f, 0.5431f, 0.5444f, 0.5451f, 0.5456f, 0.546f, 0.5462f, 0.5464f, 0.5466f],
        [0.368f, 0.3773f, 0.3804f, 0.382f, 0.3829f, 0.3835f, 0.384f, 0.3843f, 0.3846f, 0.3848f],
        [0.1933f, 0.204f, 0.2076f, 0.2094f, 0.2105f, 0.2112f, 0.2117f, 0.2121f, 0.2124f, 0.2126f]]);

    [Fact]
    public void NadamAndAdadeltaSingleSteps()
    {
        AssertClose([0.4686f, 1.4686f, 2.4686f, 3.4686f], Step(new Nadam(0.5f), Start, Gradient), 1e-4f);
        AssertClose([0.9993f, 1.9993f, 2.9993f, 3.9993f], Step(new Adadelta(0.5f), Start, Gradient), 1e-4f);
    }

    [Fact]
    public void NadamGolden() => AssertGolden(new Nadam(0.5f, beta1: 0.5f, beta2: 0.67f, epsilon: 1e-5f), [
        [0.4281f],
        [-0.1738f, -0.1731f, -0.1726f, -0.1723f, -0.1721f, -0.172f, -0.1719f, -0.1718f, -0.1718f, -0.1717f],
        [-0.7115f, -0.7103f, -0.7096f, -0.7092f, -0.709f, -0.7088f, -0.7086f, -0.7085f, -0.7085f, -0.7084f],
        [-1.2335f, -1.2322f, -1.2313f, -1.2309f, -1.2306f, -1.2304f, -1.2302f, -1.2301f, -1.23f, -1.2299f],
        [-1.7492f, -1.7478f, -1.7469f, -1.7464f, -1.7461f, -1.7459f, -1.7457f, -1.7456f, -1.7455f, -1.7454f]]);

    [Fact]
    public void AdadeltaGolden() => AssertGolden(new Adadelta(1f, rho: 0.8f, epsilon: 1e-6f), [[0.9978f], [0.9947f], [0.9915f], [0.9882f], [0.9849f]]);

    [Fact]
    public void FtrlSingleStepAndGolden()
    {
        AssertClose([0.2218f, 1.3954f, 2.3651f, 2.8814f], Step(new Ftrl(0.5f), Start, Gradient), 1e-4f);
        AssertGolden(new Ftrl(0.05f, learningRatePower: -0.2f, initialAccumulatorValue: 0.4f, l1RegularizationStrength: 0.05f,
            l2RegularizationStrength: 0.15f, l2ShrinkageRegularizationStrength: 0.01f, beta: 0.3f), [
            [0f],
            [-0.0034f, -0.0077f, -0.0118f, -0.0157f, -0.0194f, -0.023f, -0.0263f, -0.0294f, -0.0325f, -0.0354f],
            [-0.0078f, -0.0162f, -0.0242f, -0.0317f, -0.0387f, -0.0454f, -0.0516f, -0.0575f, -0.0631f, -0.0685f],
            [-0.0121f, -0.0246f, -0.0363f, -0.0472f, -0.0573f, -0.0668f, -0.0757f, -0.0842f, -0.0922f, -0.0999f],
            [-0.0164f, -0.0328f, -0.0481f, -0.0623f, -0.0753f, -0.0875f, -0.099f, -0.1098f, -0.1201f, -0.1299f]]);
    }

    [Fact]
    public void LionGolden() => AssertGolden(new Lion(), [[0.999f], [0.998f], [0.997f], [0.996f], [0.995f]]);

    /// <summary>Keras's test_weight_decay: a variable decayed once by each of three optimizers (lr 1, decay 0.004, zero gradient) ends at 2·0.996³; excluded ones stay 2.</summary>
    [Fact]
    public void WeightDecayMatchesKerasForEveryOptimizer()
    {
        Func<Optimizer>[] makers =
        [
            () => new SGD(1f) { WeightDecay = 0.004f }, () => new RMSprop(1f) { WeightDecay = 0.004f },
            () => new Adagrad(1f) { WeightDecay = 0.004f }, () => new Adam(1f) { WeightDecay = 0.004f },
            () => new AdamW(1f, weightDecay: 0.004f), () => new Adamax(1f) { WeightDecay = 0.004f }, () => new Lion(1f) { WeightDecay = 0.004f },
            () => new Nadam(1f) { WeightDecay = 0.004f }, () => new Adadelta(1f) { WeightDecay = 0.004f },
        ];
        foreach (var make in makers)
        {
            var var1 = Tensor.Full(2f, 1);
            var var3 = Tensor.Full(2f, 1);
            make().Apply([Tensor.Zeros(1)], [var1]);
            make().Apply([Tensor.Zeros(1)], [var1]);
            Optimizer third = make();
            third.ExcludeFromWeightDecay([var3]);
            third.Apply([Tensor.Zeros(1), Tensor.Zeros(1)], [var1, var3]);
            Assert.Equal(1.9760959f, var1.Item(), 6);
            Assert.Equal(2f, var3.Item());
        }
    }

    [Fact]
    public void ClippingMatchesKeras()
    {
        // Keras's clip tests: [100, 100] clipped by norm 1 → [√2/2, √2/2]; by value 1 → [1, 1]. SGD with lr 1 exposes the clipped gradient.
        float[] ByNorm = Step(new SGD(1f) { ClipNorm = 1f }, [0f, 0f], [100f, 100f]);
        AssertClose([-MathF.Sqrt(2) / 2, -MathF.Sqrt(2) / 2], ByNorm, 1e-6f);
        AssertClose([-1f, -1f], Step(new SGD(1f) { ClipValue = 1f }, [0f, 0f], [100f, 100f]), 1e-6f);
        // Global norm over two variables [3] and [4]: norm 5, clipped to 1 → [0.6] and [0.8].
        var a = Tensor.Zeros(1);
        var b = Tensor.Zeros(1);
        new SGD(1f) { GlobalClipNorm = 1f }.Apply([Tensor.Full(3f, 1), Tensor.Full(4f, 1)], [a, b]);
        Assert.Equal(-0.6f, a.Item(), 6);
        Assert.Equal(-0.8f, b.Item(), 6);
        Assert.Contains("Only one of ClipNorm, ClipValue and GlobalClipNorm", Assert.Throws<ArgumentException>(() => new SGD { ClipNorm = 1f, ClipValue = 1f }).Message);
        Assert.Contains("beta1 must be in (0, 1]", Assert.Throws<ArgumentException>(() => new Lion(beta1: 0f)).Message);
    }

    [Fact]
    public void DefaultsAreKeras()
    {
        Assert.Equal(0.01f, new SGD().LearningRate);
        var rms = new RMSprop();
        Assert.Equal((0.001f, 0.9f, 0f, 1e-7f, false), (rms.LearningRate, rms.Rho, rms.Momentum, rms.Epsilon, rms.Centered));
        var adagrad = new Adagrad();
        Assert.Equal((0.001f, 0.1f, 1e-7f), (adagrad.LearningRate, adagrad.InitialAccumulatorValue, adagrad.Epsilon));
        var adam = new Adam();
        Assert.Equal((0.001f, 0.9f, 0.999f, 1e-7f, false), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.Amsgrad));
    }

    [Fact]
    public void BadArgumentsAreClear()
    {
        Assert.Contains("Known optimizers: sgd, rmsprop, adagrad, adam", Assert.Throws<ArgumentException>(() => Optimizer.Get("adamm")).Message);
        Assert.Contains("positive", Assert.Throws<ArgumentException>(() => new SGD(-1f)).Message);
        Assert.Contains("2 gradients for 1 variables", Assert.Throws<ArgumentException>(() => new SGD().Apply([Tensor.Ones(1), Tensor.Ones(1)], [Tensor.Ones(1)])).Message);
    }
}
