// The lecture's perceptron: h = w·x + b, p = sigmoid(h), ŷ = round(p), on the OR truth table,
// then gradient descent on l = Σ (y − p)² with gradients from autograd and the update written by hand.
using Backprop;

var x = Tensor.FromArray(new float[,] { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } });
var y = Tensor.FromArray(new float[] { 0, 1, 1, 1 }, 4, 1);
var w = Tensor.FromArray(new float[] { 1, -1 }, 2, 1);
var b = Tensor.FromArray(new float[] { -0.5f }, 1);
const float learningRate = 1f;

for (int step = 0; ; step++)
{
    w.RequiresGrad = true;
    b.RequiresGrad = true;
    Tensor h = x.MatMul(w) + b;
    Tensor p = h.Sigmoid();
    Tensor loss = (y - p).Square().Sum();
    if (step == 0)
        for (int row = 0; row < 4; row++)   // the lecture's table; row (1,0) gives p = 0.6225, so ŷ = 1 (the slide says 0)
            Console.WriteLine($"X1={x[row, 0]} X2={x[row, 1]} y={y[row, 0]} h={h[row, 0]:0.###} p={p[row, 0]:F4} ŷ={MathF.Round(p[row, 0])}");
    bool allRight = Enumerable.Range(0, 4).All(r => MathF.Round(p[r, 0]) == y[r, 0]);
    Console.WriteLine($"step {step}: loss {loss.Item():F4}, w1 {w[0, 0]:F4}, w2 {w[1, 0]:F4}, b {b[0]:F4}");
    if (allRight) { Console.WriteLine($"every row right after {step} steps"); break; }
    loss.Backward();
    // w ← w − η ∂l/∂w: new leaf tensors, outside the recorded graph.
    w = (w - learningRate * w.Grad!).Detach();
    b = (b - learningRate * b.Grad!).Detach();
}
