namespace Backprop.Layers;

/// <summary>
/// A bound on the weight values layers may create on this thread, set while a model is rebuilt from a file's config:
/// the weights must fit in what the file holds, so a hostile config asking for a huge layer is refused before its
/// weights are allocated and initialised (a 4.7 KB file asking for Dense(1000000) took 40 s and 7.9 GB before).
/// </summary>
internal static class WeightBudget
{
    [ThreadStatic] private static long _remaining;
    [ThreadStatic] private static string? _source;

    /// <summary>Allows <paramref name="values"/> weight values to be created on this thread until the scope ends.</summary>
    public static Scope Limit(long values, string source)
    {
        var scope = new Scope(_source, _remaining);
        (_remaining, _source) = (values, source);
        return scope;
    }

    /// <summary>Takes a weight of <paramref name="shape"/> from the budget, if one is set.</summary>
    /// <exception cref="InvalidDataException">The weight does not fit in what remains.</exception>
    public static void Take(string layer, string weight, int[] shape)
    {
        if (_source is null) return;
        long values = 1;
        foreach (int d in shape) values = d < 0 ? long.MaxValue : values > long.MaxValue / Math.Max(1, d) ? long.MaxValue : values * d;
        if (values > _remaining)
            throw new InvalidDataException($"layer '{layer}' asks for a weight '{weight}' of shape {ShapeMath.Format(shape)} ({values:N0} values), but {_source} holds at most {Math.Max(0, _remaining):N0} more values.");
        _remaining -= values;
    }

    public readonly struct Scope(string? previousSource, long previousRemaining) : IDisposable
    {
        public void Dispose() => (_source, _remaining) = (previousSource, previousRemaining);
    }
}
