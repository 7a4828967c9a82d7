namespace Backprop.Ops;

/// <summary>Tensors of random draws for layers, from the generator behind <see cref="Utils.SetRandomSeed"/>.</summary>
internal static class RandomOps
{
    /// <summary>Inverted dropout's mask: each element 0 with probability <paramref name="rate"/>, else 1/(1 − rate).</summary>
    public static Tensor DropoutMask(int[] shape, float rate)
    {
        var mask = new Tensor(shape);
        RandomSource.FillDropoutMask(mask.Span, rate);
        return mask;
    }
}
