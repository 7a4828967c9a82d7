using System.CommandLine;
using System.Globalization;

namespace Backprop.Cli.Commands;

/// <summary>
/// `backprop perceptron`: the lecture's walk-through. h = w1·X1 + w2·X2 + b, p = sigmoid(h), ŷ = round(p);
/// the table for a truth table, then gradient descent on l = Σ (y − p)² with autograd until every row is right.
/// </summary>
internal static class PerceptronCommand
{
    private static readonly Dictionary<string, float[]> Tables = new()
    {
        ["or"] = [0, 1, 1, 1],
        ["and"] = [0, 0, 0, 1],
        ["nand"] = [1, 1, 1, 0],
        ["nor"] = [1, 0, 0, 0],
        ["xor"] = [0, 1, 1, 0],
    };

    public static Command Create()
    {
        var w1 = new Option<float>("--w1") { Description = "Weight of X1", DefaultValueFactory = _ => 1f };
        var w2 = new Option<float>("--w2") { Description = "Weight of X2", DefaultValueFactory = _ => -1f };
        var bias = new Option<float>("--b") { Description = "Bias", DefaultValueFactory = _ => -0.5f };
        var table = new Option<string>("--table") { Description = "Truth table: or, and, nand, nor, xor", DefaultValueFactory = _ => "or" };
        var rate = new Option<float>("--learning-rate") { Description = "Gradient-descent step size", DefaultValueFactory = _ => 1f };
        var every = new Option<int>("--every") { Description = "Print the loss and weights every N steps", DefaultValueFactory = _ => 10 };
        var maxSteps = new Option<int>("--max-steps") { Description = "Give up after this many steps (XOR is not linearly separable)", DefaultValueFactory = _ => 1000 };
        var verbose = new Option<bool>("--verbose") { Description = "Print stack traces on errors" };
        var command = new Command("perceptron", "The lecture's perceptron: its table for a truth table, then gradient descent on squared error until every row is right")
        {
            w1, w2, bias, table, rate, every, maxSteps, verbose,
        };
        command.SetAction(parse => Run(parse.GetValue(w1), parse.GetValue(w2), parse.GetValue(bias), parse.GetValue(table)!,
            parse.GetValue(rate), parse.GetValue(every), parse.GetValue(maxSteps), Console.Out));
        return command;
    }

    internal static int Run(float w1Start, float w2Start, float bStart, string tableName, float learningRate, int every, int maxSteps, TextWriter output)
    {
        if (!Tables.TryGetValue(tableName.ToLowerInvariant(), out float[]? targets))
            throw new ArgumentException($"--table: unknown truth table '{tableName}'. Known: {string.Join(", ", Tables.Keys)}.");
        if (every <= 0) throw new ArgumentException($"--every must be positive, got {every}.");
        if (!(learningRate > 0)) throw new ArgumentException($"--learning-rate must be positive, got {learningRate}.");
        var x = Tensor.FromArray(new float[] { 0, 0, 0, 1, 1, 0, 1, 1 }, 4, 2);
        var y = Tensor.FromArray(targets, 4, 1);
        var w = Tensor.FromArray(new[] { w1Start, w2Start }, 2, 1);
        var b = Tensor.FromArray(new[] { bStart }, 1);
        w.RequiresGrad = true;
        b.RequiresGrad = true;

        var descent = new Optimizers.SGD(learningRate);
        PrintTable(x, y, w, b, output);
        output.WriteLine();
        output.WriteLine($"gradient descent on l = sum over rows of (y - p)^2, learning rate {F(learningRate)}:");
        for (int step = 0; ; step++)
        {
            Tensor p = (x.MatMul(w) + b).Sigmoid();
            Tensor loss = (y - p).Square().Sum();
            bool allRight = p.ToArray().Select(v => MathF.Round(v)).SequenceEqual(targets);
            if (step % every == 0 || allRight || step == maxSteps)
                output.WriteLine($"step {step,4}  loss {F(loss.Item())}  w1 {F(w[0, 0])}  w2 {F(w[1, 0])}  b {F(b[0])}");
            if (allRight)
            {
                output.WriteLine($"every row is right after {step} steps:");
                output.WriteLine();
                PrintTable(x, y, w, b, output);
                return 0;
            }
            if (step == maxSteps)
            {
                output.WriteLine($"not every row is right after {maxSteps} steps{(tableName == "xor" ? ": XOR is not linearly separable, so no single perceptron computes it" : "")}.");
                return 0;
            }
            w.ZeroGrad();
            b.ZeroGrad();
            loss.Backward();
            descent.Apply([w.Grad!, b.Grad!], [w, b]);   // w ← w − η·∂l/∂w, b ← b − η·∂l/∂b
        }
    }

    private static void PrintTable(Tensor x, Tensor y, Tensor w, Tensor b, TextWriter output)
    {
        output.WriteLine($"w1 = {F(w[0, 0])}, w2 = {F(w[1, 0])}, b = {F(b[0])}");
        output.WriteLine(" X1  X2   y        h       p   y^");
        using (Autograd.Autograd.NoGrad())
        {
            Tensor h = x.MatMul(w) + b;
            Tensor p = h.Sigmoid();
            for (int row = 0; row < 4; row++)
                output.WriteLine($"{x[row, 0],3:0} {x[row, 1],3:0} {y[row, 0],3:0} {F(h[row, 0]),8} {p[row, 0].ToString("F4", CultureInfo.InvariantCulture),7} {MathF.Round(p[row, 0]),4:0}");
        }
    }

    private static string F(float v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
