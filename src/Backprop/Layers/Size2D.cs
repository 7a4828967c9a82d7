namespace Backprop.Layers;

/// <summary>
/// A height and a width, as Keras's 2-D layers take them: one number for both (<c>3</c>) or a pair (<c>(3, 5)</c>),
/// so <c>new Conv2D(32, 3)</c> and <c>new Conv2D(32, (3, 5), strides: 2)</c> read as Keras's <c>Conv2D(32, 3)</c> and
/// <c>Conv2D(32, (3, 5), strides=2)</c>.
/// </summary>
public readonly record struct Size2D(int Height, int Width)
{
    /// <summary>The same size along both axes.</summary>
    public static implicit operator Size2D(int size) => new(size, size);

    /// <summary>(height, width).</summary>
    public static implicit operator Size2D((int Height, int Width) size) => new(size.Height, size.Width);

    /// <summary>[height, width], as Keras writes the tuple in a config.</summary>
    public int[] ToArray() => [Height, Width];

    internal void CheckPositive(string what)
    {
        if (Height <= 0 || Width <= 0) throw new ArgumentException($"{what} must be positive, got ({Height}, {Width}).");
    }

    /// <inheritdoc/>
    public override string ToString() => $"({Height}, {Width})";
}
