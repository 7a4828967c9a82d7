namespace Backprop.Optimizers;

/// <summary>
/// An optimizer's per-variable state for the part of a variable one <see cref="Optimizer"/> update call covers:
/// <c>slots[s]</c> is slot s over the same elements as the variable and gradient spans (empty for a slot the
/// configuration does not use). Large variables are updated in parallel chunks, so an update sees only its chunk.
/// </summary>
public readonly ref struct SlotSpans
{
    private readonly float[][] _slots;
    private readonly int _start, _length;

    internal SlotSpans(float[][] slots, int start, int length)
    {
        _slots = slots;
        _start = start;
        _length = length;
    }

    /// <summary>Number of slots.</summary>
    public int Count => _slots.Length;

    /// <summary>Slot <paramref name="slot"/> over this update's elements (empty when the slot is unused).</summary>
    public Span<float> this[int slot] => _slots[slot].Length == 0 ? [] : _slots[slot].AsSpan(_start, _length);
}
